"""The render stage: a checked Course -> course.json (course_json.py, with xAPI activity
definitions from definitions.py) -> index.html through the theme's Jinja2 templates
(html.py, themes.py) -> the shared web build every target starts from (site.py)."""
