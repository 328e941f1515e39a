"""Letters: one decision letter per child that explains itself, from the run record.

`facts` gathers, without recomputing anything, what the run decided for a child and why;
`catalogs` loads the translations (Babel/gettext); `render` writes the letter as HTML.
"""
