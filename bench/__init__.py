"""Load benchmark of ml_app against a naive Flask + gunicorn baseline (`./build.sh bench`)."""
