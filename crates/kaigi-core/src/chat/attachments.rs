//! Files in chat: sending one through the send queue (so it survives being
//! offline, shows as a local echo and reports upload progress), with a real
//! thumbnail for images, and fetching what a received message carries. In
//! encrypted rooms the SDK encrypts the upload and decrypts the download.

use std::io::Cursor;
use std::path::Path;

use matrix_sdk::attachment::{AttachmentInfo, BaseFileInfo, BaseImageInfo, Thumbnail};
use matrix_sdk::media::{MediaFormat, MediaRequestParameters};
use matrix_sdk::ruma::UInt;
use matrix_sdk::ruma::events::room::MediaSource;
use matrix_sdk::ruma::events::room::message::MessageType;
use matrix_sdk_ui::timeline::{AttachmentConfig, AttachmentSource};

use super::ChatError;
use super::room::OpenRoom;

/// The longest side of an image thumbnail, in pixels.
const THUMBNAIL_SIDE: u32 = 320;
/// Images larger than this in either direction are sent as plain files.
const MAX_IMAGE_SIDE: u32 = 16_384;
/// Decoding an image may not allocate more than this.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// A file a message carries, decrypted.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The sender's file name, reduced to a plain name (see [`safe_file_name`]).
    pub name: String,
    pub mimetype: String,
    pub bytes: Vec<u8>,
}

/// A file read from disk, ready to send.
struct Outgoing {
    name: String,
    bytes: Vec<u8>,
    mimetype: mime::Mime,
    info: AttachmentInfo,
    thumbnail: Option<Thumbnail>,
}

impl OpenRoom {
    /// Sends the file at `path`. Images get a thumbnail and their size; the
    /// upload shows as a local echo with its progress.
    pub async fn send_file(&self, path: &Path) -> Result<(), ChatError> {
        let path = path.to_owned();
        let outgoing = tokio::task::spawn_blocking(move || read_outgoing(&path))
            .await
            .map_err(|e| ChatError::FileUnreadable(e.to_string()))??;
        let max = self
            .timeline()
            .room()
            .client()
            .load_or_fetch_max_upload_size()
            .await?;
        let size = u64::try_from(outgoing.bytes.len()).unwrap_or(u64::MAX);
        if size > u64::from(max) {
            return Err(ChatError::FileTooLarge {
                max_bytes: u64::from(max),
            });
        }
        let config = AttachmentConfig {
            info: Some(outgoing.info),
            thumbnail: outgoing.thumbnail,
            ..Default::default()
        };
        self.timeline()
            .send_attachment(
                AttachmentSource::Data {
                    bytes: outgoing.bytes,
                    filename: outgoing.name,
                },
                outgoing.mimetype,
                config,
            )
            .use_send_queue()
            .await?;
        Ok(())
    }

    /// The file the message `item` carries, or its thumbnail when it has one
    /// and `thumbnail` is set.
    pub async fn attachment(&self, item: &str, thumbnail: bool) -> Result<Attachment, ChatError> {
        let event = self.event_item(item).await?;
        let not_a_file = || ChatError::NotAFile(item.to_owned());
        let message = event.content().as_message().ok_or_else(not_a_file)?;
        let media = Media::of(message.msgtype()).ok_or_else(not_a_file)?;
        let (source, mimetype) = match (thumbnail, media.thumbnail) {
            (true, Some((source, mimetype))) => (source, mimetype),
            _ => (media.source, media.mimetype),
        };
        let bytes = self
            .timeline()
            .room()
            .client()
            .media()
            .get_media_content(
                &MediaRequestParameters {
                    source,
                    format: MediaFormat::File,
                },
                true,
            )
            .await?;
        Ok(Attachment {
            name: safe_file_name(&media.name),
            mimetype: mimetype.unwrap_or_else(|| sniff(&bytes, &media.name).to_string()),
            bytes,
        })
    }
}

/// Where a media message's file and thumbnail are.
struct Media {
    name: String,
    source: MediaSource,
    mimetype: Option<String>,
    thumbnail: Option<(MediaSource, Option<String>)>,
}

impl Media {
    fn of(msgtype: &MessageType) -> Option<Self> {
        Some(match msgtype {
            MessageType::Image(i) => {
                let info = i.info.as_deref();
                Self {
                    name: i.filename().to_owned(),
                    source: i.source.clone(),
                    mimetype: info.and_then(|i| i.mimetype.clone()),
                    thumbnail: info.and_then(|i| {
                        let source = i.thumbnail_source.clone()?;
                        let mimetype = i.thumbnail_info.as_ref().and_then(|t| t.mimetype.clone());
                        Some((source, mimetype))
                    }),
                }
            }
            MessageType::File(f) => Self {
                name: f.filename().to_owned(),
                source: f.source.clone(),
                mimetype: f.info.as_ref().and_then(|i| i.mimetype.clone()),
                thumbnail: None,
            },
            MessageType::Audio(a) => Self {
                name: a.filename().to_owned(),
                source: a.source.clone(),
                mimetype: a.info.as_ref().and_then(|i| i.mimetype.clone()),
                thumbnail: None,
            },
            MessageType::Video(v) => Self {
                name: v.filename().to_owned(),
                source: v.source.clone(),
                mimetype: v.info.as_ref().and_then(|i| i.mimetype.clone()),
                thumbnail: None,
            },
            _ => return None,
        })
    }
}

fn read_outgoing(path: &Path) -> Result<Outgoing, ChatError> {
    let bytes = std::fs::read(path).map_err(|e| ChatError::FileUnreadable(e.to_string()))?;
    let name = path
        .file_name()
        .map(|n| safe_file_name(&n.to_string_lossy()))
        .unwrap_or_else(|| "file".to_owned());
    let size = UInt::new(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
    let sniffed = sniff(&bytes, &name);
    if sniffed.type_() == mime::IMAGE
        && let Some((width, height, thumbnail)) = image_thumbnail(&bytes)
    {
        return Ok(Outgoing {
            name,
            bytes,
            mimetype: sniffed,
            info: AttachmentInfo::Image(BaseImageInfo {
                width: Some(width.into()),
                height: Some(height.into()),
                size,
                ..Default::default()
            }),
            thumbnail: Some(thumbnail),
        });
    }
    // A file that claims to be an image but does not decode goes as a plain file.
    let mimetype = if sniffed.type_() == mime::IMAGE {
        mime::APPLICATION_OCTET_STREAM
    } else {
        sniffed
    };
    Ok(Outgoing {
        name,
        bytes,
        mimetype,
        info: AttachmentInfo::File(BaseFileInfo { size }),
        thumbnail: None,
    })
}

/// The type of a file from its first bytes, then its extension.
fn sniff(bytes: &[u8], name: &str) -> mime::Mime {
    if let Some(kind) = infer::get(bytes)
        && let Ok(m) = kind.mime_type().parse()
    {
        return m;
    }
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "md" | "log") => mime::TEXT_PLAIN_UTF_8,
        Some("csv") => mime::TEXT_CSV_UTF_8,
        _ => mime::APPLICATION_OCTET_STREAM,
    }
}

/// The image's size and a JPEG thumbnail, or `None` when it does not decode
/// within the limits.
fn image_thumbnail(bytes: &[u8]) -> Option<(u32, u32, Thumbnail)> {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    reader.limits(limits);
    let image = reader.decode().ok()?;
    let (width, height) = (image.width(), image.height());
    let small = image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).into_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&small)
        .ok()?;
    let thumbnail = Thumbnail {
        size: UInt::new(u64::try_from(jpeg.len()).ok()?)?,
        width: small.width().into(),
        height: small.height().into(),
        content_type: mime::IMAGE_JPEG,
        data: jpeg,
    };
    Some((width, height, thumbnail))
}

/// A file name someone else chose, as it is shown (always as text): only the
/// last path component, no control or bidirectional-override characters,
/// trimmed, at most 120 characters. Markup characters stay; they are text.
pub fn display_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    let short: String = cleaned.trim().chars().take(120).collect();
    if short.is_empty() {
        "file".to_owned()
    } else {
        short
    }
}

/// A file name made safe to save under: [`display_file_name`], without the
/// characters file systems reserve and without leading dots.
pub fn safe_file_name(name: &str) -> String {
    let reserved: String = display_file_name(name)
        .chars()
        .map(|c| {
            if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = reserved.trim_start_matches('.').trim();
    if trimmed.is_empty() {
        "file".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_controls_and_direction_tricks() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("C:\\Users\\x\\議事録.pdf"), "議事録.pdf");
        assert_eq!(safe_file_name("report\u{202E}fdp.exe"), "reportfdp.exe");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(
            display_file_name("dir/<img src=x>議事録\u{202E}.pdf"),
            "<img src=x>議事録.pdf"
        );
        assert_eq!(
            safe_file_name("dir/<img src=x>議事録.pdf"),
            "_img src=x_議事録.pdf"
        );
        assert_eq!(safe_file_name("a<b>:c|d?.txt"), "a_b__c_d_.txt");
        assert_eq!(safe_file_name("\u{0}\n"), "file");
        assert_eq!(safe_file_name(&"長".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn types_come_from_content_first() {
        assert_eq!(
            sniff(b"%PDF-1.7\n...", "x.txt").essence_str(),
            "application/pdf"
        );
        assert_eq!(sniff(b"hello", "note.txt"), mime::TEXT_PLAIN_UTF_8);
        assert_eq!(sniff(b"\0\x01", "blob"), mime::APPLICATION_OCTET_STREAM);
    }

    #[test]
    fn images_get_a_small_jpeg_thumbnail_and_broken_ones_none() {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(1000, 500, image::Rgb([200, 30, 30]))
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let (w, h, thumb) = image_thumbnail(&png).unwrap();
        assert_eq!((w, h), (1000, 500));
        assert_eq!(
            (
                u32::try_from(thumb.width).unwrap(),
                u32::try_from(thumb.height).unwrap()
            ),
            (320, 160)
        );
        assert_eq!(&thumb.data[..2], &[0xFF, 0xD8], "a JPEG");
        assert!(image_thumbnail(&png[..png.len() / 3]).is_none());
    }
}
