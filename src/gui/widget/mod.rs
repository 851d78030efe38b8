//! Pieces shared by screens: a labelled input with its inline message, the certificate card.

pub mod cert_card;
pub mod field;
