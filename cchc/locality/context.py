from django.utils.functional import SimpleLazyObject


def locality(request):
    """`locality` in every template, read from the database only by a page that prints its words."""
    from .words import current_locality

    return {"locality": SimpleLazyObject(current_locality)}
