"""The portal's form renderer: Django's, with <select> written in Python.

Django renders each <option> through two templates; a county list (39 options) on every filtered staff list
made that the largest part of rendering those pages. ``render_select`` writes exactly what
django/forms/widgets/select.html and select_option.html write (tests/portal/test_forms_rendering.py compares
the two on generated choices), so crispy-forms, widgets' attributes and the tests see the same HTML.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if (
            template_name == SELECT_TEMPLATE
            and widget is not None
            and all(
                option["template_name"] == OPTION_TEMPLATE
                for _n, group, _i in widget["optgroups"]
                for option in group
            )
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
