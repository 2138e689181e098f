//! What the entry page says of an approved, locked period: who approved it
//! and when, what is reopened, and either the form to reopen it (for the
//! coordination office that may) or whom to ask.

use maud::{Markup, html};
use ntm_app::entry::form::EntryForm;
use ntm_core::period::Period;

use crate::pages::layout::csrf_field;
use crate::session::Session;

/// The notice of a locked period, with the reopening form where the user
/// may reopen it.
pub fn lock_notice(session: &Session, form: &EntryForm, code: &str, period: Period) -> Markup {
    let Some(lock) = &form.locked else {
        return html! {};
    };
    let action = format!("/cycle/{}/action?period={}", lock.unit.code, period.code());
    let back = format!("/units/{code}/entry?period={}", period.code());
    html! {
        div.warning role="status" id="khoa" {
            p {
                strong { "Số liệu kỳ " (form.period_label) " của " (lock.unit.full_name) " đã được phê duyệt và khoá" }
                " (" (lock.locked_by) ", " (ntm_app::views::audit::local_time_vi(&lock.locked_at)) "). "
                @if form.editable == 0 { "Trang này chỉ để xem: không ô nào sửa được." }
                @else { "Chỉ các ô đang được mở lại sửa được; các ô khác chỉ để xem." }
            }
            @for open in &lock.open { p { "Đang mở lại: " (open) } }
            @if lock.can_reopen {
                details {
                    summary { "Mở lại để sửa" }
                    form method="post" action=(action) {
                        (csrf_field(session))
                        input type="hidden" name="action" value="reopen";
                        input type="hidden" name="unit" value=(lock.unit.code);
                        input type="hidden" name="back" value=(back);
                        div.toolbar {
                            div { label for="reopen-scope" { "Phạm vi" }
                                select id="reopen-scope" name="scope" {
                                    option value="indicator" { "một chỉ tiêu" }
                                    option value="criterion" { "một tiêu chí" }
                                    option value="unit" { "toàn bộ số liệu kỳ này" }
                                } }
                            div { label for="reopen-code" { "Mã chỉ tiêu hoặc tiêu chí" } input id="reopen-code" name="code" size="6"; }
                            div { label for="reopen-until" { "Mở đến hết ngày" } input id="reopen-until" name="until" type="date" required; }
                            div { label for="reopen-reason" { "Lý do" } input id="reopen-reason" name="reason" required size="30"; }
                            button type="submit" { "Mở lại" }
                        }
                    }
                }
            } @else {
                p { "Để sửa, hãy đề nghị " strong { (lock.locked_by) } " mở lại chỉ tiêu, tiêu chí hoặc cả kỳ cần sửa, kèm lý do." }
            }
        }
    }
}
