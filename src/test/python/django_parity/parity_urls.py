# The parity harness's URLconf: the admin, as a standard project has it.
from django.contrib import admin
from django.urls import path

urlpatterns = [path('admin/', admin.site.urls)]
