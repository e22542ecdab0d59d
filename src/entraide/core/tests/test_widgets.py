from entraide.core.widgets import MarkedOptionsSelect


def test_an_option_carries_its_own_attributes_and_the_others_none():
    widget = MarkedOptionsSelect(option_attrs={"0101": {"lang": "en"}})
    widget.choices = [("", "—"), ("0101", "Intentional homicide"), ("02", "Deux")]
    html = widget.render("offence", "")
    assert '<option value="0101" lang="en">Intentional homicide</option>' in html
    assert '<option value="02">Deux</option>' in html
