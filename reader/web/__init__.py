"""The web application: routes, views, pages, the caches in front of them."""
