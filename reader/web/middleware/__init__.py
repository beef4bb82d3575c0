"""The layers every request passes before routing, outermost first (see
app.create_app): the response memo, security headers, static files, path
hardening, the script prefix. Each does one job."""
