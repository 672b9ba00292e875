"""Signal receivers of the accounts app.

Wagtail's UserProfile has an ``avatar`` column, a photo of the person, which we cannot
remove from Wagtail's model. The admin never offers it (accounts/admin_account.py); this
receiver makes sure that, whatever path a profile is saved through, no picture is kept.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile


@receiver(pre_save, sender=UserProfile, dispatch_uid="accounts_profile_keeps_no_avatar")
def keep_no_avatar(sender, instance, **kwargs):
    """Drop any avatar before a profile is saved: only the empty value ever reaches the database."""
    if instance.avatar:
        instance.avatar.delete(save=False)
        instance.avatar = ""
