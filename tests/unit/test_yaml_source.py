"""The YAML reader: positions, YAML 1.1 surprises, refusals."""

from incident_engine.problems import ProblemList
from incident_handbook import yaml_source


def read(tmp_path, text):
    path = tmp_path / "f.yml"
    path.write_text(text)
    problems = ProblemList()
    return yaml_source.read(path, "f.yml", problems), problems


def test_values_remember_line_and_column(tmp_path):
    src, problems = read(tmp_path, "a:\n  b:\n    - x\n    - y: 1\n")
    assert not problems
    assert src.where.of(("a", "b", 1, "y")) == (4, 10)
    assert src.where.of(("a", "b", 1, "y"), key=True) == (4, 7)


def test_yaml_11_words_and_dates_stay_text(tmp_path):
    src, _ = read(tmp_path, "a: no\nb: on\nc: yes\nd: 2026-11-27\ne: 1e3\nf: true\ng: 012\n")
    assert src.data == {"a": "no", "b": "on", "c": "yes", "d": "2026-11-27", "e": "1e3", "f": True, "g": 12}
    assert src.raw[("g",)] == "012"


def test_aliases_are_refused(tmp_path):
    src, problems = read(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert src is None
    assert "aliases (*x) are not allowed" in problems.report()


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    src, problems = read(tmp_path, "\n".join(lines) + "\n")
    assert src is None and len(problems) == 1


def test_python_tags_are_refused(tmp_path):
    src, problems = read(tmp_path, "a: !!python/object:os.system x\n")
    assert "not allowed" in problems.report()


def test_duplicate_keys_are_reported_at_the_second(tmp_path):
    _, problems = read(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert [str(p) for p in problems.sorted()] == ["f.yml:3:1: a: duplicate key 'a' (first given at line 1); keep one"]
