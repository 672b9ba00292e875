"""Keep cached navigation in step with the page tree."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .navigation import forget_header_links


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_tree_changed(**kwargs):
    forget_header_links()
