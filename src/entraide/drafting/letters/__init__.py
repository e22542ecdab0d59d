"""Letters generated from a request: the letter of request, the acknowledgement of an incoming
request and the cover letter of its execution results, in five languages or two side by side,
as DOCX and PDF, the PDF signed (PAdES) with the authority's certificate when it has one."""
