"""StreamField blocks shared by every page type. `BaseStreamBlock` is the one body editors use."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="The heading text.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="H2 starts a section; H3 sits inside one. Never skip a level.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A section heading that also appears in the page's structure for screen readers."
        preview_value = {"text": "What is community cohesion?", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Optional bold heading.")
    text = blocks.RichTextBlock(features=["bold", "link", "ul"], help_text="The text to highlight.")
    style = blocks.ChoiceBlock(
        choices=[("inset", "Inset (information)"), ("warning", "Warning (important)")],
        default="inset",
        help_text="Use warning only for something people must not miss.",
    )

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        description = "Draws attention to a short piece of text."
        preview_value = {
            "heading": "Report a concern",
            "text": "<p>If you see or hear anything worrying, call 0345 123 3333.</p>",
            "style": "inset",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said it.")
    source = blocks.CharBlock(
        required=False, max_length=200, help_text="Where it comes from, e.g. a report and year."
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A quotation with who said it and where."
        preview_value = {
            "quote": "Working together for the common good.",
            "attribution": "Derby Cohesion & Integration Charter",
            "source": "2014-16",
        }


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="Choose or upload an image.")
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Caption or credit.")

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with alternative text and an optional caption."


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="Choose or upload a document.")
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Link text; the document's own title if empty."
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        description = "A download link that shows the file type and size."


class ActionListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text="e.g. 'You can help by'.")
    actions = blocks.ListBlock(
        blocks.RichTextBlock(features=["bold", "link"]),
        help_text="One action per item, starting with a verb.",
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/action_list_block.html"
        description = "A list of things a reader can do."
        preview_value = {
            "heading": "You can help by",
            "actions": ["<p>Making new people feel welcome.</p>", "<p>Reporting tensions.</p>"],
        }


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="Team or person to contact.")
    role = blocks.CharBlock(required=False, max_length=120, help_text="What they can help with.")
    phone = blocks.CharBlock(required=False, max_length=40, help_text="Phone number as it is dialled.")
    email = blocks.EmailBlock(required=False, help_text="Email address.")
    website = blocks.URLBlock(required=False, help_text="Web address.")
    address = blocks.TextBlock(required=False, help_text="Postal address, one line per row.")

    class Meta:
        icon = "user"
        template = "blocks/contact_card_block.html"
        description = "How to reach a team or person."
        preview_value = {
            "name": "Policy and Research team",
            "phone": "01629 538254",
            "email": "policy@derbyshire.gov.uk",
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("phone") or value.get("email") or value.get("website") or value.get("address")):
            raise blocks.StructBlockValidationError(
                block_errors={"phone": ValidationError("Give at least one way to make contact.")}
            )
        return value


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, help_text="Says what the table shows; read out first.")
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("numeric", blocks.FloatBlock()),
            ("rich_text", blocks.RichTextBlock(features=["bold", "link"])),
        ],
        help_text="Add columns, then rows. The first row is the header.",
    )

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        description = "A data table with a caption and column headings."


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=160, help_text="The line readers click to open it.")
    content = blocks.RichTextBlock(features=["bold", "link", "ul", "ol"], help_text="Hidden text.")

    class Meta:
        icon = "collapse-down"
        template = "blocks/details_block.html"
        description = "Text hidden behind a summary line, for detail most readers do not need."
        preview_value = {
            "summary": "What is a hate incident?",
            "content": "<p>Any incident the victim or anyone else thinks was motivated by hostility.</p>",
        }


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(DetailsBlock(), help_text="Each item opens on its own.")

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"
        description = "Several expandable sections (GOV.UK details)."


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description="Text with links and lists.",
        preview_value="<p>Community cohesion is the glue which binds communities together.</p>",
    )
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = ImageWithCaptionBlock()
    document = DocumentLinkBlock()
    action_list = ActionListBlock()
    contact = ContactCardBlock()
    table = TableBlock()
    accordion = AccordionBlock()
