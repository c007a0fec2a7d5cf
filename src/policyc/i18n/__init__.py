"""The translation workflow: translation state, status, PO export and import, new locales."""
