//! What the document says about itself beyond its pages: its metadata (author, description,
//! keywords, date, language) and the attachment files it embeds, taken from the meeting here
//! so that rendering reads only the laid-out document.

use super::Builder;
use crate::layout::{DocumentInfo, EmbeddedFile};
use crate::swedish;

impl Builder<'_> {
    /// Who wrote the document, its date and language (title, subject and keywords are the
    /// document's own: [`Builder::metadata`]).
    pub(super) fn document_info(&self) -> DocumentInfo {
        DocumentInfo {
            author: self.checked.meeting.secretary.name.clone(),
            date: self.checked.adjustment_date.unwrap_or(self.checked.date),
            language: swedish::LANGUAGE_TAG.into(),
        }
    }

    /// The files of the attachments this document lists.
    pub(super) fn embedded_files(&self) -> Vec<EmbeddedFile> {
        self.listed_attachments()
            .into_iter()
            .filter_map(|k| {
                let a = &self.checked.attachments[k];
                let (name, bytes) = a.file.as_ref()?;
                let title = &self.checked.meeting.items[a.item].attachments[a.index].title;
                Some(EmbeddedFile {
                    name: swedish::attachment_file_name(a.number, name),
                    description: swedish::attachment_description(a.number, title),
                    mime_type: mime_type(name),
                    bytes: bytes.clone(),
                })
            })
            .collect()
    }
}

/// The media type of a file, by its extension.
fn mime_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit('.').next() {
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt") => "text/plain",
        Some("csv") => "text/csv",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}
