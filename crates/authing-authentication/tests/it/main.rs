//! Wiremock tests of every method of the authentication client, one file per area
//! (as in `src/`): the document and variables sent, encrypted passwords, the bearer
//! token, session state and errors.

mod account;
mod client;
mod common;
mod custom_data;
mod gate;
mod login;
mod mfa;
mod profile;
mod register;
mod session;
