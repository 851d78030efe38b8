//! Pieces shared by screens: a labelled input with its inline message, the certificate card,
//! and the keyboard layer around every screen.

pub mod cert_card;
pub mod field;
pub mod page;
pub mod path_entry;
pub mod shortcuts;
pub mod virtual_list;
