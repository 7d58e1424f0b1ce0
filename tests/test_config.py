"""Rules files: the commented default equals Config(), bad files name the key, overrides take effect."""

from __future__ import annotations

import dataclasses
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from builders import Example

import perfcheck
from perfcheck import config as config_mod
from perfcheck.config import Config, ConfigError, from_mapping, load
from perfcheck.model import Severity
from perfcheck.rules import engine
from perfcheck.rules.base import bind, load_config

DEFAULT = Path(perfcheck.__file__).parent / "default_config.toml"


def write(tmp_path: Path, text: str, name: str = "perfcheck.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, "utf-8")
    return p


class TestDefaultFile:
    def test_equals_defaults(self) -> None:
        cfg = load_config(DEFAULT)
        assert cfg.source == DEFAULT
        assert dataclasses.replace(cfg, source=None) == Config()

    def test_every_key_present(self) -> None:
        data = tomllib.loads(DEFAULT.read_text("utf-8"))
        for f in dataclasses.fields(Config):
            if f.name == "source":
                continue
            if f.name == "severity":
                assert data.get("severity") == {}
                continue
            assert f.name in data, f.name
            section = getattr(Config(), f.name)
            if dataclasses.is_dataclass(section):
                assert set(data[f.name]) == {g.name for g in dataclasses.fields(section)}, f.name

    def test_commented_in_both_languages(self) -> None:
        text = DEFAULT.read_text("utf-8")
        assert "预算执行率得分" in text and "The execution-rate score" in text

    def test_is_package_data(self) -> None:
        assert DEFAULT.is_file()


class TestBadFiles:
    @pytest.mark.parametrize(("text", "needle"), [
        ("[weights]\nproduction = 50\n", "weights.production"),
        ("[tolerances]\nscore = \"a lot\"\n", "tolerances.score"),
        ("[tolerances]\nscore = -1\n", "tolerances.score"),
        ("[weights]\nfree_split = \"yes\"\n", "weights.free_split"),
        ("[execution]\nformula = \"steps\"\n", "execution.formula"),
        ("[execution]\nbands = [[1, 1, 1]]\n", "execution.bands"),
        ("[indicators]\nreverse_formula = \"log\"\n", "indicators.reverse_formula"),
        ("[indicators]\nreason_min_chars = 2.5\n", "indicators.reason_min_chars"),
        ("colour = \"red\"\n", "colour"),
        ("weights = 3\n", "[weights]"),
        ("select = [\"PC999\"]\n", "PC999"),
        ("ignore = [\"no-such-rule\"]\n", "no-such-rule"),
        ("[severity]\nPC999 = \"error\"\n", "severity.PC999"),
        ("[severity]\nPC101 = \"fatal\"\n", "severity.PC101"),
    ])
    def test_names_the_key(self, tmp_path: Path, text: str, needle: str) -> None:
        p = write(tmp_path, text)
        with pytest.raises(ConfigError) as exc:
            load_config(p)
        assert needle in str(exc.value)
        assert str(p) in str(exc.value)

    def test_not_toml(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigError, match="not valid TOML"):
            load_config(write(tmp_path, "[weights\n"))


class TestOverrides:
    def test_values(self) -> None:
        cfg = from_mapping({"tolerances": {"score": 0.5}, "execution": {"formula": "bands"},
                            "weights": {"free_split": True}})
        assert cfg.tolerances.score == Decimal("0.5")
        assert cfg.execution.formula == "bands"
        assert cfg.weights.free_split is True
        assert cfg.weights.output == Decimal(50)

    def test_tolerance_changes_a_finding(self, example: Example) -> None:
        wb = example(budget=54, spent=50, rate="0.9259", exec_score=9, total_score=99)
        assert [f.code for f in engine.run(wb, Config()) if f.code == "PC104"] == ["PC104"]
        loose = from_mapping({"tolerances": {"score": 0.3}})
        assert [f.code for f in engine.run(wb, loose) if f.code == "PC104"] == []

    def test_severity_override(self, tmp_path: Path, example: Example) -> None:
        cfg = load_config(write(tmp_path, "[severity]\nPC108 = \"warning\"\nreason-missing = \"info\"\n"))
        assert cfg.severity == {"PC108": Severity.WARNING, "PC213": Severity.INFO}
        from perfcheck.examples.model import m

        wb = example(initial=80, edit={0: dict(actual=m(None, 45, "人"), score=18)})
        sev = {f.code: f.severity for f in engine.run(wb, cfg)}
        assert sev["PC108"] is Severity.WARNING
        assert sev["PC213"] is Severity.INFO
        assert {f.code: f.severity for f in engine.run(wb, Config())}["PC108"] is Severity.INFO

    def test_select(self, tmp_path: Path, example: Example) -> None:
        cfg = load_config(write(tmp_path, "select = [\"PC1XX\"]\n"))
        wb = example(initial=80, grade="良")
        codes = {f.code for f in engine.run(wb, cfg)}
        assert "PC108" in codes and "PC211" not in codes
        assert all(c.startswith("PC1") for c in codes)

    def test_ignore_by_slug(self, tmp_path: Path, example: Example) -> None:
        cfg = load_config(write(tmp_path, "ignore = [\"budget-adjusted\", \"PC2XX\"]\n"))
        assert cfg.ignore == ("PC108", "PC2XX")
        codes = {f.code for f in engine.run(example(initial=80, grade="良"), cfg)}
        assert "PC108" not in codes and "PC211" not in codes

    def test_config_keeps_rule_names_and_the_rules_layer_binds_them(self, tmp_path: Path) -> None:
        """perfcheck.config does not know the rules: it keeps the names as written (and so cannot
        reject an unknown one); rules.base.bind resolves them, one line for an unknown name."""
        p = write(tmp_path, "ignore = [\"budget-adjusted\"]\n[severity]\nreason-missing = \"info\"\n")
        raw = load(p)
        assert raw.ignore == ("budget-adjusted",) and raw.severity == {"reason-missing": Severity.INFO}
        bound = bind(raw)
        assert bound.ignore == ("PC108",) and bound.severity == {"PC213": Severity.INFO}
        with pytest.raises(ConfigError, match=r"^.*severity\.no-such-rule: unknown rule$"):
            bind(load(write(tmp_path, "[severity]\nno-such-rule = \"info\"\n")))

    def test_pyproject_section(self, tmp_path: Path) -> None:
        write(tmp_path, "[tool.perfcheck.weights]\nfree_split = true\n", "pyproject.toml")
        assert config_mod.discover(tmp_path) == tmp_path / "pyproject.toml"
        assert load_config(start=tmp_path).weights.free_split is True


def test_vague_words_come_from_the_rules_file() -> None:
    from perfcheck.config import from_mapping
    from perfcheck.rules._text import vague_word

    assert "明显提高" in Config().indicators.vague_words
    assert vague_word("服务能力明显提高") == "明显提高"
    cfg = from_mapping({"indicators": {"vague_words": ["大力推进"]}})
    assert cfg.indicators.vague_words == ("大力推进",)
    assert vague_word("大力推进产业发展", cfg.indicators.vague_words) == "大力推进"
    assert vague_word("效果明显", cfg.indicators.vague_words) is None
