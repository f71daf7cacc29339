"""Normalization used by the term index and matching."""

from __future__ import annotations

import pytest

from customs_ipr.text.normalize import (
    deletions,
    is_domestic_country,
    normalize_code,
    normalize_company,
    normalize_term,
    skeleton,
)


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("ＮＩＫＥ", "nike"),
        ("Nike", "nike"),
        ("NIKE牌", "nike"),
        ("耐克牌", "耐克"),
        ("華為", "华为"),
        ("LOUIS  VUITTON", "louisvuitton"),
        ("LI-NING", "lining"),
        ("Hermès", "hermes"),
        ("牌", "牌"),
    ],
)
def test_normalize_term(declared, expected):
    assert normalize_term(declared) == expected


def test_skeleton_folds_look_alikes():
    assert skeleton("VEL0CE") == skeleton("veloce") == "veloce"
    assert skeleton("AD!DAS") == skeleton("ADIDAS") == "adldas"
    assert skeleton("N1KE") == skeleton("NIKE")
    assert skeleton("ZIPPO") != skeleton("ZIPPER")


def test_deletions_neighbourhood():
    assert deletions("nike") == {"ike", "nke", "nie", "nik"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("耐克体育（中国）有限公司", "耐克体育(中国)有限公司"),
        ("Pou Chen Trading Co., Ltd.", "POU CHEN TRADING CO LTD"),
        (
            "Foxconn Precision Electronics (Taiyuan) Co., Ltd.",
            "Foxconn Precision Electronics Taiyuan Limited",
        ),
        ("华为技术股份有限公司", "华为技术有限公司"),
        ("Apple Inc.", "APPLE INC"),
        ("adidas AG", "ADIDAS"),
        ("Montblanc-Simplo GmbH", "montblanc simplo"),
    ],
)
def test_company_forms_do_not_matter(a, b):
    assert normalize_company(a) == normalize_company(b)


def test_company_name_keeps_its_distinctive_words():
    assert normalize_company("Co., Ltd.") == "co"
    assert normalize_company("上海远航国际贸易有限公司") == "上海远航国际贸易"
    assert normalize_company("耐克体育（中国）有限公司") != normalize_company(
        "耐克（中国）有限公司"
    )


def test_codes_and_countries():
    assert normalize_code(" 3122 440001 ") == "3122440001"
    assert normalize_code("91310115ma1k3b2x7") == "91310115MA1K3B2X7"
    assert (
        is_domestic_country("中国") and is_domestic_country("CN") and is_domestic_country("China")
    )
    assert not is_domestic_country("US") and not is_domestic_country(None)
