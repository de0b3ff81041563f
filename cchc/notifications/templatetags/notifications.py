from django import template

from cchc.notifications.notify import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """How many of the user's notifications are unread, for the bell in the page header. One
    indexed count per page, kept on the request."""
    request = context.get("request")
    user = context.get("user")
    cached = getattr(request, "_cchc_unread", None)
    if cached is None:
        cached = unread_count(user)
        if request is not None:
            request._cchc_unread = cached
    return cached
