"""Letters: one decision letter per child that explains itself, from the run record.

`facts` gathers, without recomputing anything, what the run decided for a child and why;
`catalogs` loads the translations (Babel/gettext); `compose` puts the letter into words
(`content`: sections, paragraphs, a table, the map as a figure); `render` lays it out as HTML
and `pdf` as a PDF/UA-1 document (Typst); `route_map` draws the walk.
"""
