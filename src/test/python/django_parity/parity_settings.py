# Django settings for the django-guard parity harness (test-only, never deployed).
#
# run_checks.py runs Django's own `manage.py check --deploy` with this module,
# once per environment, so a Java test can compare django-guard's verdicts with
# Django's, for Django 3.2 + django-environ 0.4.4 (Debian 12) and Django 5.2 +
# django-environ 0.12 (Debian unstable, unpacked by .ci/install-django52).
#
# Each deployment-checklist setting is read from its DJANGO_<NAME> variable
# with django-environ only when env.str(NAME, default=None) returns a value;
# otherwise Django's global default stays. That is how a project reads an
# optional setting, and it is where the two django-environ versions differ:
#   * 0.10 and later return None for an empty value asked for with
#     default=None, so DJANGO_DEBUG="" is unset; 0.4.4 returns "" and the cast
#     then reads it (env.bool: False; env.int: ValueError, Django stops).
#   * env.bool strips the value first from 0.10 on (" true" is True), not
#     before (" true" is False). An int parses with Python's int() in both.
#   * A value starting with '$' names another variable (every leading '$' is
#     dropped); unset, the setting keeps its default. For env.list the
#     referenced value is cast to a list and cast again: AttributeError.
#   * env.list splits on ',' and drops only empty items, in both: ' ' gives
#     [' '], '[]' is the one entry '[]'.
# Settings a Django release does not have are not read under it (3.2 has no
# SECRET_KEY_FALLBACKS, added in 4.1, nor SECURE_CROSS_ORIGIN_OPENER_POLICY,
# 4.0), as a project on that release would not read them.
#
# Everything else is fixed, with the apps and middleware of a standard
# project, so the only deploy checks that can appear are the ones driven by
# these variables (and async.E001, which Django reads from
# DJANGO_ALLOW_ASYNC_UNSAFE itself).
import django
import environ

env = environ.Env()


def optional(name, cast, default):
    """The setting from DJANGO_<name> when that variable has a value, else Django's default."""
    variable = 'DJANGO_' + name
    if env.str(variable, default=None) is None:
        return default
    return getattr(env, cast)(variable, default=default)


DEBUG = optional('DEBUG', 'bool', False)
SECRET_KEY = optional('SECRET_KEY', 'str', '')
if django.VERSION >= (4, 1):
    SECRET_KEY_FALLBACKS = optional('SECRET_KEY_FALLBACKS', 'list', [])

ALLOWED_HOSTS = optional('ALLOWED_HOSTS', 'list', [])
CSRF_TRUSTED_ORIGINS = optional('CSRF_TRUSTED_ORIGINS', 'list', [])

SESSION_COOKIE_SECURE = optional('SESSION_COOKIE_SECURE', 'bool', False)
SESSION_COOKIE_HTTPONLY = optional('SESSION_COOKIE_HTTPONLY', 'bool', True)
CSRF_COOKIE_SECURE = optional('CSRF_COOKIE_SECURE', 'bool', False)
CSRF_USE_SESSIONS = optional('CSRF_USE_SESSIONS', 'bool', False)
SECURE_SSL_REDIRECT = optional('SECURE_SSL_REDIRECT', 'bool', False)
SECURE_HSTS_SECONDS = optional('SECURE_HSTS_SECONDS', 'int', 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = optional('SECURE_HSTS_INCLUDE_SUBDOMAINS', 'bool', False)
SECURE_HSTS_PRELOAD = optional('SECURE_HSTS_PRELOAD', 'bool', False)
SECURE_CONTENT_TYPE_NOSNIFF = optional('SECURE_CONTENT_TYPE_NOSNIFF', 'bool', True)
X_FRAME_OPTIONS = optional('X_FRAME_OPTIONS', 'str', 'DENY')
SECURE_REFERRER_POLICY = optional('SECURE_REFERRER_POLICY', 'str', 'same-origin')
if django.VERSION >= (4, 0):
    SECURE_CROSS_ORIGIN_OPENER_POLICY = optional('SECURE_CROSS_ORIGIN_OPENER_POLICY', 'str', 'same-origin')

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': ':memory:',
        'CONN_MAX_AGE': optional('CONN_MAX_AGE', 'int', 0),
    },
}

# A standard project's apps and middleware (startproject's): with sessions and its
# middleware, SESSION_COOKIE_SECURE reports as W012 and HTTPONLY as W015; with the
# security, CSRF and X-Frame-Options middleware, no W001/W002/W003, and W019/W022/
# E023/E024 apply.
INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [],
        'APP_DIRS': True,
        'OPTIONS': {
            'context_processors': [
                'django.template.context_processors.request',
                'django.contrib.auth.context_processors.auth',
                'django.contrib.messages.context_processors.messages',
            ],
        },
    },
]

ROOT_URLCONF = 'parity_urls'
STATIC_URL = '/static/'
USE_TZ = True
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
