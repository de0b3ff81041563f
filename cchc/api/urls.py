from . import (
    followup,  # noqa: F401  (registers its routes on the API before its URLs are built)
    signatures,  # noqa: F401 — registers the signed-PDF routes on the API
)
from .views import api, non_atomic

urlpatterns = non_atomic(api.urls[0])
app_name = "api"
