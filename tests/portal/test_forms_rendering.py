"""The portal's form renderer writes <select> exactly as Django's templates do (portal.forms_rendering)."""

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.forms_rendering import PortalFormRenderer

TEMPLATES = DjangoTemplates()
FAST = PortalFormRenderer()

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
choices = st.lists(st.tuples(text, text), max_size=6)


def both(widget, name, value, attrs=None):
    return (
        widget.render(name, value, attrs=attrs, renderer=TEMPLATES),
        widget.render(name, value, attrs=attrs, renderer=FAST),
    )


@settings(max_examples=200, deadline=None)
@given(
    choices=choices,
    groups=st.lists(st.tuples(text, choices), max_size=3),
    value=text,
    name=text,
    attrs=st.dictionaries(
        st.sampled_from(["id", "class", "aria-describedby", "required", "disabled", "data-x"]),
        st.one_of(text, st.booleans()),
    ),
    multiple=st.booleans(),
)
def test_a_select_is_written_as_the_templates_write_it(choices, groups, value, name, attrs, multiple):
    widget = (
        forms.SelectMultiple(choices=choices + groups) if multiple else forms.Select(choices=choices + groups)
    )
    chosen = [value] if multiple else value
    templates, fast = both(widget, name, chosen, attrs)
    assert fast == templates


def test_a_model_choice_field_with_a_selection_is_written_the_same(db):
    from grants.models import County

    field = forms.ModelChoiceField(queryset=County.objects.order_by("name"), empty_label="All counties")
    king = County.objects.get(name="King")
    templates, fast = both(field.widget, "county", king.pk, {"id": "id_county"})
    assert fast == templates
    assert "selected>King</option>" in fast


def test_other_widgets_still_use_the_templates():
    widget = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    assert widget.render("r", "a", renderer=FAST) == widget.render("r", "a", renderer=TEMPLATES)
