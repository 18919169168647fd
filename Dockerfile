# The carbonfactors API as a container: slim, non-root, the database built into the image.
#
#   docker build -t carbonfactors .
#   docker run --rm -p 8000:8000 carbonfactors
#
# The database is compiled from factors/ (every release plus the development version) at
# image build, checked against the releases' recorded checksums, and opened read-only at
# run time: an image is one immutable dataset state, and replicas of it are interchangeable.
# Settings: gunicorn.conf.py, through CARBONFACTORS_* environment variables (docs/operating.md).
# (No Docker engine runs where this project is developed: CI checks this file's content,
# tests/deploy/test_deploy_files.py, and runs the same steps without a container.)

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE openapi.yaml gunicorn.conf.py constraints.txt ./
COPY sdk sdk
COPY service service
# The versions CI tested (constraints.txt), the build backend's included.
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt pip \
 && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt \
      --build-constraint constraints.txt '.[server]'
COPY factors factors
RUN /opt/venv/bin/carbonfactors verify-releases --factors factors \
 && /opt/venv/bin/carbonfactors build --answers --factors factors --out /opt/carbonfactors.db

FROM python:3.11-slim
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin carbonfactors
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chmod=0444 /opt/carbonfactors.db /srv/carbonfactors.db
COPY --from=build /src/gunicorn.conf.py /srv/gunicorn.conf.py
WORKDIR /srv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CARBONFACTORS_DB=/srv/carbonfactors.db \
    CARBONFACTORS_BIND=0.0.0.0:8000
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/v1/health', timeout=2)"
# gunicorn reads /srv/gunicorn.conf.py (the working directory); SIGTERM drains gracefully.
CMD ["gunicorn", "carbonfactors_service:create_app()"]
