"""StreamField blocks for the strategy and charter's narrative text."""

from wagtail import blocks

from home.blocks import HeadingBlock, QuoteBlock


class IntegrationFactorsBlock(blocks.StaticBlock):
    """Marks where the page's structured integration factors appear in the text."""

    class Meta:
        icon = "list-ul"
        label = "Integration factors"
        admin_text = "The integration factors listed under 'Integration factors' appear here."
        description = "Places the page's integration factors list at this point in the text."


class CharterTextBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description="Text with links and lists.",
    )
    quote = QuoteBlock()
    integration_factors = IntegrationFactorsBlock()
