from .views import api, non_atomic

urlpatterns = non_atomic(api.urls[0])
app_name = "api"
