//! Pages of a list: `?page=1&per_page=50` (pages count from 1).

use serde::Deserialize;
use utoipa::IntoParams;

use crate::problem::Problem;

pub const DEFAULT_PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 500;
/// The last page number asked for (beyond it there is nothing to list).
pub const MAX_PAGE: u32 = 1_000_000;

#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page (1-500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<u32>,
}

impl Paging {
    /// (page, per_page), checked.
    pub fn checked(self) -> Result<(u32, u32), Problem> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(Problem::bad_request(format!(
                "page: trang đếm từ 1 đến {MAX_PAGE}"
            )));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(Problem::bad_request(format!(
                "per_page phải từ 1 đến {MAX_PER_PAGE}"
            )));
        }
        Ok((page, per_page))
    }

    /// The slice of `items` on this page.
    pub fn slice<T>(self, items: Vec<T>) -> Result<(Vec<T>, u32, u32, usize), Problem> {
        let (page, per_page) = self.checked()?;
        let total = items.len();
        let start = ((page - 1) as usize).saturating_mul(per_page as usize);
        let page_items = items.into_iter().skip(start).take(per_page as usize).collect();
        Ok((page_items, page, per_page, total))
    }
}
