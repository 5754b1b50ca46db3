# Django settings for the django-guard parity harness (test-only, never deployed).
#
# run_checks.py runs Django's own `manage.py check --deploy` with this module,
# once per environment, so a Java test can compare django-guard's verdicts with
# Django's. Each deployment-checklist setting is read from its DJANGO_<NAME>
# environment variable with django-environ (Debian python3-django-environ 0.4.4),
# falling back to Django's own global default. Everything else is fixed so that
# the only deploy warnings that can appear are the ones driven by these
# variables: security.W004, W005, W006, W008, W009, W012, W015, W016, W018, W020, W021.
#
# django-environ 0.4.4 quirks that apply here on purpose, to match what a real
# project using environ.Env() would see:
#   * env.bool: int(value) != 0 if the value parses as an int (so ' 1 ' and '2'
#     are True), otherwise value.lower() in ('true', 'on', 'ok', 'y', 'yes', '1')
#     with no stripping (so ' true' and 't' are False).
#   * A value starting with '$' is taken as a reference to another variable: the
#     leading '$'s are stripped and that variable is read instead (falling back
#     to the default when it is unset).
#   * env.list splits on ',' and drops only empty items: ' ' gives [' '].
import os

import environ

env = environ.Env()

DEBUG = env.bool('DJANGO_DEBUG', default=False)
SECRET_KEY = env.str('DJANGO_SECRET_KEY', default='')

# As a project reads it: env.list, which never parses JSON ('[]' is the one entry '[]').
ALLOWED_HOSTS = env.list('DJANGO_ALLOWED_HOSTS', default=[])

SESSION_COOKIE_SECURE = env.bool('DJANGO_SESSION_COOKIE_SECURE', default=False)
SESSION_COOKIE_HTTPONLY = env.bool('DJANGO_SESSION_COOKIE_HTTPONLY', default=True)
CSRF_COOKIE_SECURE = env.bool('DJANGO_CSRF_COOKIE_SECURE', default=False)
CSRF_USE_SESSIONS = env.bool('DJANGO_CSRF_USE_SESSIONS', default=False)
SECURE_SSL_REDIRECT = env.bool('DJANGO_SECURE_SSL_REDIRECT', default=False)
SECURE_HSTS_SECONDS = env.int('DJANGO_SECURE_HSTS_SECONDS', default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool('DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS', default=False)
SECURE_HSTS_PRELOAD = env.bool('DJANGO_SECURE_HSTS_PRELOAD', default=False)
SECURE_CONTENT_TYPE_NOSNIFF = env.bool('DJANGO_SECURE_CONTENT_TYPE_NOSNIFF', default=True)

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': ':memory:',
        'CONN_MAX_AGE': env.int('DJANGO_CONN_MAX_AGE', default=0),
    },
}

# Sessions app + middleware: SESSION_COOKIE_SECURE reports as W012 (not W010/W011).
INSTALLED_APPS = ['django.contrib.sessions']

# Security, CSRF and X-Frame-Options middleware present: no W001/W002/W003, and
# X_FRAME_OPTIONS keeps its 3.2 default 'DENY' (no W019).
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

USE_TZ = True
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
