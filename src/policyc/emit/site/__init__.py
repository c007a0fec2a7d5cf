"""The customer site and its Markdown twin, and the owners' review pages: view models,
localisation, the HTML templates and the emitters that lay them out."""
