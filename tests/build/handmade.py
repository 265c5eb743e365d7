"""A small course model built by hand, so render and package tests do not depend on the
loader: one page of each kind, with a scenario that branches on state."""
from __future__ import annotations

from pathlib import Path

from compiler.model import (BinOp, Branch, Choice, Coaching, CoachingQuestion, ContentPage, Course,

                            Effect, Ending, Example, FeelingRef, Image, Location, Markdown, Num,
                            OptOut, Quiz, QuizOption, QuizQuestion, Reflection, ReflectionPrompt,
                            RatingDimension, Scenario, ScenarioNode, ScorePart, Segment, SelfRating,
                            Turn, Var, XAPISettings)

REPO = Path(__file__).resolve().parents[2]
COURSES = REPO / "courses"

L = Location("course.yaml")


def md(text: str, images: tuple[Image, ...] = ()) -> Markdown:
    return Markdown(text, f"<p>{text}</p>", L, images)


def scenario() -> Scenario:
    trust_high = BinOp(">=", Var("trust", L), Num(1, L), L)
    listen = Choice("listen", md("I hear you. Tell me what happened."),
                    (Branch("calm", trust_high, L), Branch("tense", None, L)),
                    md("Listening first lowers the heat."), (Effect("trust", "+", 1, L),), None, L)
    rules = Choice("rules", md("Store policy is clear </script>."), (Branch("tense", None, L),),
                   None, (Effect("trust", "-", 1, L),), None, L)
    nodes = {
        "start": ScenarioNode("start", "At the counter",
                              (Segment(md("The customer slams the receipt down.")),
                               Segment(md("She glares."), trust_high)),
                              (FeelingRef("frustrated", L),), "Nobody listens.", "Stay calm",
                              (listen, rules), None, L),
        "calm": ScenarioNode("calm", "Calmer", (Segment(md("She sighs.")),), (), None, None, (),
                             Ending("Calmer", 1.0, (FeelingRef("relieved", L),), L), L),
        "tense": ScenarioNode("tense", "Tense", (Segment(md("She walks out.")),), (), None, None, (),
                              Ending("Walked out", 0.2, (), L), L),
    }
    return Scenario("front", "scenario", "At the front", md("A customer arrives."), L, "front.md",
                    "start", {"trust": 0}, {"trust": L}, nodes, md("Raised voices."),
                    OptOut("Skip this", "wrap-up", L))


def course(**changes) -> Course:
    """The hand-made course; keyword arguments replace Course fields."""
    pages = [
        ContentPage("welcome", "page", "Welcome", md("Hello", (Image("media/a.png", "A", L),)), L,
                    "welcome.md"),
        scenario(),
        Coaching("coach", "coaching", "Coaching", md("Think back."), L, "coach.md", (
            CoachingQuestion("felt", md("How did she feel?"), "feeling", "feelings", None, L),
            CoachingQuestion("said", md("What did she say?"), "saying", "text", md("She was upset."), L),
        )),
        Reflection("reflect", "reflection", "Looking back", md(""), L, "reflect.md", "ORID", (
            ReflectionPrompt("what", md("What happened?"), "objective", True, 10, L),)),
        SelfRating("rate", "self-rating", "Rate yourself", md(""), L, "rate.md",
                   ("excellent", "good", "very poor"), "front",
                   (RatingDimension("listening", "Listening", None, L),)),
        Quiz("check", "quiz", "Check yourself", md(""), L, "check.md", (
            QuizQuestion("q1", md("What first?"), False, (
                QuizOption("a", md("Listen"), True, md("Yes"), L),
                QuizOption("b", md("Argue"), False, None, L)), L),
            QuizQuestion("q2", md("Which help?"), True, (
                QuizOption("a", md("Name the feeling"), True, None, L),
                QuizOption("b", md("Own the next step"), True, None, L),
                QuizOption("c", md("Quote policy"), False, None, L)), L),
        )),
        Example("example", "example", "An example", md(""), L, "example.md",
                (Turn("Customer", md("This is wrong!"), "active listening", md("Note"), L),)),
        ContentPage("wrap-up", "page", "Wrap up", md("Bye"), L, "wrap-up.md"),
    ]
    fields = dict(
        id="https://courses.example.org/calm", title="Calm & kind", description="A short course.",
        language="en", version="1.0.0", authors=(), page_order=tuple((p.id, L) for p in pages),
        pages={p.id: p for p in pages}, visit=tuple(p.id for p in pages), finish=("front", "check"),
        mastery=0.7, score_parts=(ScorePart("front", 1, L), ScorePart("check", 2, L)),
        theme="default", xapi=XAPISettings(activity_base="https://courses.example.org/calm/"),
        content_warning=None, support=md("Talk to your lead."),
        feelings=("frustrated", "relieved", "let down"), allow_html=False, root=".", loc=L)
    fields.update(changes)
    return Course(**fields)
