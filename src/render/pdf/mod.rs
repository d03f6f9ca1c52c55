//! PDF: the report's Markdown, typeset. blocks (Markdown -> block tree) ->
//! layout (fonts, line breaking, pagination) -> emit (printpdf).

pub mod blocks;
