"""Indicators (chỉ tiêu) a task asks its units to report, and how a typed figure is read.

The definitions live on the task (`DirectiveTask.indicators`, a StreamField edited by the
department with the directive, so they are versioned with it); the figures a unit types
live on its report (`IndicatorValue`). One place reads a typed figure: `parse_figure`,
used by the report form and by anything importing figures.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class Kind(models.TextChoices):
    WHOLE = "whole", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ phần trăm")
    YES_NO = "yes_no", _("Có/không")


# What "có" and "không" are typed as; the form offers a choice, imports may type.
YES = {"có", "co", "c", "1", "x", "yes"}
NO = {"không", "khong", "k", "0", "no"}
# "1.234.567" is Vietnamese for a million and more, not a decimal.
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
CODE = re.compile(r"[A-Za-z0-9_.-]{1,32}")


@dataclass(frozen=True)
class Indicator:
    """One indicator of one task, as its definition reads."""

    code: str
    name: str
    unit_of_measure: str
    kind: str
    required: bool
    target: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit_of_measure})" if self.unit_of_measure else self.name


def parse_figure(kind: str, text: str) -> Decimal | None:
    """The figure typed for an indicator of `kind`, or None when nothing was typed.

    Vietnamese writing is understood: "12,5" and "12.5" are twelve and a half, "1.234"
    is one thousand two hundred and thirty-four. Raises ValidationError with the
    message the unit reads: text in a number, a negative count, a percentage over 100,
    a decimal in a whole-number field.
    """
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if kind == Kind.YES_NO:
        folded = raw.lower()
        if folded in YES:
            return Decimal(1)
        if folded in NO:
            return Decimal(0)
        raise ValidationError(_("Chọn “có” hoặc “không”."), code="yes_no")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif THOUSANDS.fullmatch(raw.lstrip("-")):
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(
            _("“%(text)s” không phải là một số. Chỉ nhập chữ số, ví dụ 12 hoặc 12,5.")
            % {"text": text.strip()},
            code="not_a_number",
        ) from None
    if not value.is_finite():
        raise ValidationError(_("Hãy nhập một số."), code="not_a_number")
    if value < 0:
        raise ValidationError(_("Số liệu không được âm."), code="negative")
    if kind == Kind.WHOLE and value != value.to_integral_value():
        raise ValidationError(
            _("Chỉ tiêu này đếm số lượng: hãy nhập số nguyên, không có phần thập phân."),
            code="not_whole",
        )
    if kind == Kind.PERCENT and value > 100:
        raise ValidationError(_("Tỷ lệ phần trăm không được lớn hơn 100."), code="over_100")
    if value >= Decimal("1e13"):
        raise ValidationError(_("Số quá lớn."), code="too_large")
    return value.quantize(Decimal("0.0001"))


def format_figure(kind: str, value: Decimal | None) -> str:
    """A figure as Vietnamese write it: 1.234,5; "có"/"không"; "—" for none."""
    if value is None:
        return "—"
    if kind == Kind.YES_NO:
        return str(_("có")) if value else str(_("không"))
    value = value.normalize()
    whole, _dot, fraction = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = f"{grouped},{fraction}" if fraction else grouped
    return f"{text}%" if kind == Kind.PERCENT else text


class IndicatorBlock(blocks.StructBlock):
    code = blocks.CharBlock(
        label=_("Mã"),
        max_length=32,
        help_text=_("Ngắn, không dấu, không trùng trong nhiệm vụ; ví dụ: HN, LUOT, TIN."),
    )
    name = blocks.CharBlock(label=_("Tên chỉ tiêu"), max_length=255)
    unit_of_measure = blocks.CharBlock(
        label=_("Đơn vị tính"), max_length=64, required=False, help_text=_("Ví dụ: hội nghị.")
    )
    kind = blocks.ChoiceBlock(choices=Kind.choices, default=Kind.WHOLE, label=_("Kiểu số liệu"))
    required = blocks.BooleanBlock(label=_("Bắt buộc"), required=False, default=True)
    target = blocks.DecimalBlock(
        label=_("Chỉ tiêu giao cho mỗi đơn vị"), required=False, min_value=0, decimal_places=4
    )

    class Meta:
        icon = "list-ol"
        label = _("Chỉ tiêu")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not CODE.fullmatch(value.get("code") or ""):
            errors["code"] = ValidationError(
                _("Mã chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch nối hoặc gạch dưới.")
            )
        target, kind = value.get("target"), value.get("kind")
        if target is not None and kind == Kind.PERCENT and target > 100:
            errors["target"] = ValidationError(_("Tỷ lệ phần trăm không được lớn hơn 100."))
        if target is not None and kind == Kind.YES_NO:
            errors["target"] = ValidationError(_("Chỉ tiêu có/không không có mức giao."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class IndicatorsBlock(blocks.StreamBlock):
    indicator = IndicatorBlock()

    def clean(self, value):
        # A repeated code is said together with the indicators' own errors, not only
        # once those are fixed.
        errors, non_block_errors = {}, None
        try:
            value = super().clean(value)
        except blocks.StreamBlockValidationError as error:
            errors, non_block_errors = dict(error.block_errors), error.non_block_errors
        seen: set[str] = set()
        for index, child in enumerate(value):
            code = (child.value.get("code") or "").upper()
            if code in seen and index not in errors:
                errors[index] = ValidationError(
                    _("Mã “%(code)s” đã dùng cho chỉ tiêu khác của nhiệm vụ này.")
                    % {"code": child.value.get("code")}
                )
            seen.add(code)
        if errors or non_block_errors:
            raise blocks.StreamBlockValidationError(
                block_errors=errors, non_block_errors=non_block_errors
            )
        return value


def indicator_entry(
    code: str,
    name: str,
    unit_of_measure: str = "",
    kind: str = Kind.WHOLE,
    *,
    required: bool = True,
    target=None,
) -> tuple[str, dict]:
    """One indicator as `DirectiveTask.indicators` takes it (the demo, benchmarks, tests)."""
    return (
        "indicator",
        {
            "code": code,
            "name": name,
            "unit_of_measure": unit_of_measure,
            "kind": kind,
            "required": required,
            "target": None if target is None else Decimal(target),
        },
    )


def indicators_of(task) -> list[Indicator]:
    """The task's indicators, in the order the department set them."""
    return [
        Indicator(
            code=child.value["code"],
            name=child.value["name"],
            unit_of_measure=child.value.get("unit_of_measure") or "",
            kind=child.value.get("kind") or Kind.WHOLE,
            required=bool(child.value.get("required")),
            target=child.value.get("target"),
        )
        for child in task.indicators
        if child.block_type == "indicator"
    ]
