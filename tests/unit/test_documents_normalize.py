"""Value normalisation on declarations: brands from 申报要素, currencies, countries, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from customs_ipr.documents import normalize
from customs_ipr.documents.models import BrandType


@pytest.mark.parametrize(
    ("spec", "brand_type", "brand"),
    [
        ("4|3|运动鞋|NIKE牌|AJ1|皮革面", BrandType.FOREIGN_OTHER, "NIKE"),
        ("0|0|运动鞋|NIKE牌|AJ1|皮革面", BrandType.NO_BRAND, "NIKE"),
        ("1|4|运动鞋|NIKE牌|AJ1|皮革面", BrandType.DOMESTIC_OWN, "NIKE"),
        ("0|3|针织T恤|无品牌|棉100%", BrandType.NO_BRAND, None),
        ("0|0|双肩包|无牌|涤纶面", BrandType.NO_BRAND, None),
        ("品牌类型:4|出口享惠情况:3|品牌:GUCCI|规格:100ml", BrandType.FOREIGN_OTHER, "GUCCI"),
        ("品牌类型：3|品牌(中文及外文名称)：MATTEL牌|玩具", BrandType.FOREIGN_CONTRACT, "MATTEL"),
        ("4|3|T-shirt|Brand:ADIDAS|100% cotton", BrandType.FOREIGN_OTHER, "ADIDAS"),
        ("2|0|蓝牙耳机|品牌:漫步者|W820NB", BrandType.DOMESTIC_ACQUIRED, "漫步者"),
        ("运动鞋|安踏牌|A112", None, "安踏"),
        ("7|0|运动鞋|皮革面", None, None),
        ("４|３|运动鞋|ＮＩＫＥ牌", BrandType.FOREIGN_OTHER, "NIKE"),
        ("4|3|运动鞋|品牌:无品牌", BrandType.FOREIGN_OTHER, None),
    ],
)
def test_brand_type_and_brand_from_declaration_elements(spec, brand_type, brand):
    assert normalize.spec_brand(spec) == (brand_type, brand)


def test_no_spec_has_no_brand():
    assert normalize.spec_brand(None) == (None, None)


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("美元", "USD"),
        ("USD", "USD"),
        ("(502)美元", "USD"),
        ("（５０２）美元", "USD"),
        ("(300)欧元", "EUR"),
        ("人民币", "CNY"),
        ("RMB", "CNY"),
        ("502", "USD"),
        ("金币", None),
    ],
)
def test_currency_printed_forms_map_to_iso(printed, iso):
    assert normalize.currency(printed) == iso


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("美国(USA)", "美国"),
        ("(502)美国", "美国"),
        ("越南", "越南"),
        ("USA", "美国"),
        ("美国（ＵＳＡ）", "美国"),
        ("Vietnam", "越南"),
        ("Narnia", "Narnia"),
        ("", None),
    ],
)
def test_country_keeps_the_chinese_name_without_code(printed, name):
    assert normalize.country(printed) == name


@pytest.mark.parametrize(
    "printed",
    ["20240315", "2024-03-15", "2024/03/15", "2024.03.15", "2024年3月15日", "２０２４０３１５"],
)
def test_dates(printed):
    assert normalize.parse_date(printed) == date(2024, 3, 15)


def test_impossible_date_is_none():
    assert normalize.parse_date("20241345") is None


@pytest.mark.parametrize(
    ("printed", "name", "code"),
    [
        ("(91310115MA1K3B2X7Q) 上海蓝海贸易有限公司", "上海蓝海贸易有限公司", "91310115MA1K3B2X7Q"),
        (
            "上海蓝海贸易有限公司 (USCC 91310115MA1K3B2X7Q)",
            "上海蓝海贸易有限公司",
            "91310115MA1K3B2X7Q",
        ),
        ("上海华彩时尚用品有限公司 海关编码 3122960123", "上海华彩时尚用品有限公司", "3122960123"),
        ("NIKE TRADING VIETNAM CO., LTD.", "NIKE TRADING VIETNAM CO., LTD.", None),
        ("ELECTRONIC WORLD CORPORATION", "ELECTRONIC WORLD CORPORATION", None),
    ],
)
def test_party_name_and_code(printed, name, code):
    assert normalize.party(printed) == (name, code)


def test_quantities_prices_and_hs_codes():
    assert normalize.quantity_and_unit("600双") == (Decimal("600"), "双")
    assert normalize.quantity_and_unit("1,250.5 千克") == (Decimal("1250.5"), "千克")
    assert str(normalize.money("85.0000")) == "85.00"
    assert str(normalize.money("12.3456")) == "12.3456"
    assert str(normalize.money("51,000")) == "51000.00"
    assert normalize.hs_code("6403.9900.90") == "6403990090"
    assert normalize.hs_code("640399") is None


def test_split_code_forms():
    assert normalize.split_code("2244 洋山港区") == ("2244", "洋山港区")
    assert normalize.split_code("浦东机场(2201)") == ("2201", "浦东机场")
    assert normalize.split_code("(2248)外港海关") == ("2248", "外港海关")
