//! The Vietnamese names of the pages' form fields, for the error page that
//! gives back what a person typed into a refused form: "Số hộ", not
//! "households".

/// What a person calls the field a form posts as `name`; a field of the
/// entry form ("v.2.1.value") is its indicator's value.
pub fn field_label(name: &str) -> String {
    let known = match name {
        "unit" | "units" => "Đơn vị (mã)",
        "cash" => "Tiền (triệu đồng)",
        "labour_days" => "Ngày công",
        "day_rate" => "Đơn giá ngày công (triệu đồng)",
        "land_m2" => "Đất hiến (m²)",
        "households" => "Số hộ",
        "comment" => "Ý kiến",
        "reason" => "Lý do",
        "code" => "Mã",
        "name" => "Tên",
        "display_name" => "Họ và tên",
        "username" => "Tên đăng nhập",
        "role" => "Vai trò",
        "agency" => "Cơ quan",
        "until" => "Đến ngày",
        "scope" => "Phạm vi",
        "year" | "years" => "Năm",
        "start_year" => "Từ năm",
        "end_year" => "Đến năm",
        "period" => "Kỳ",
        "value" => "Giá trị",
        "note" | "notes" => "Ghi chú",
        "indicator" => "Chỉ tiêu",
        "criterion" => "Tiêu chí",
        "source" => "Nguồn",
        "document" => "Văn bản",
        "page" => "Trang",
        "subject" => "Nội dung",
        "owner" => "Chủ đầu tư",
        "kind" => "Loại",
        "valid_from" => "Hiệu lực từ ngày",
        "valid_to" => "Hiệu lực đến ngày",
        "province" => "Tỉnh",
        "region" => "Vùng",
        "flag" => "Phân loại",
        "group" => "Nhóm",
        "standard" => "Mức chuẩn",
        "q" => "Tìm",
        "metric" => "Loại chỉ tiêu kế hoạch",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    match name.split('.').next_back() {
        Some("value" | "num" | "den") => "Giá trị chỉ tiêu".into(),
        Some("note") => "Ghi chú".into(),
        Some("source") => "Nguồn số liệu".into(),
        _ => "Ô khác".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::field_label;

    #[test]
    fn fields_are_named_in_vietnamese_never_by_their_form_name() {
        assert_eq!(field_label("households"), "Số hộ");
        assert_eq!(field_label("unit"), "Đơn vị (mã)");
        assert_eq!(field_label("v.2.1.value"), "Giá trị chỉ tiêu");
        assert_eq!(field_label("something_new"), "Ô khác");
    }
}
