//! The example services' locks match their code. A non-breaking change to a released
//! version (a new optional field, a new endpoint) makes this fail until the lock is blessed:
//! `VERSIONARY_BLESS=1 cargo test -p versionary-tests --test locks`, then review the lock's diff.

use versionary_examples::{book_a_secure_move, integration_api, lead_providers};

#[test]
fn lead_providers_lock_is_current() {
    versionary::lock::assert_current::<lead_providers::LeadProviders>();
}

#[test]
fn integration_api_lock_is_current() {
    versionary::lock::assert_current::<integration_api::IntegrationApi>();
}

#[test]
fn book_a_secure_move_lock_is_current() {
    versionary::lock::assert_current::<book_a_secure_move::BookASecureMove>();
}

#[test]
fn document_api_lock_is_current() {
    versionary::lock::assert_current::<versionary_examples::document_api::DocumentApi>();
}

#[test]
fn library_lock_is_current() {
    versionary::lock::assert_current::<versionary_examples::library::Library>();
}
