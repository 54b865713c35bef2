//! Types shared by several domains: scalars, generic answers, and the profile-input
//! macro.

use async_graphql::{
    Enum, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};

/// The `Object` scalar: arbitrary JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectScalar(pub serde_json::Value);

#[Scalar(name = "Object")]
impl ScalarType for ObjectScalar {
    fn parse(value: Value) -> InputValueResult<Self> {
        value
            .into_json()
            .map(ObjectScalar)
            .map_err(|e| InputValueError::custom(e.to_string()))
    }

    fn to_value(&self) -> Value {
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}

/// Sort order of paginated lists.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SortByEnum {
    /// Newest first.
    CreatedatDesc,
    /// Oldest first.
    CreatedatAsc,
    /// Most recently updated first.
    UpdatedatDesc,
    /// Least recently updated first.
    UpdatedatAsc,
}

/// Generic `{code, message}` answer.
#[derive(SimpleObject, Debug, Clone)]
pub struct CommonMessage {
    /// Human-readable message.
    pub message: Option<String>,
    /// Business code, 200 = success.
    pub code: Option<i32>,
}

impl CommonMessage {
    pub(crate) fn ok(message: &str) -> Self {
        Self {
            message: Some(message.to_string()),
            code: Some(200),
        }
    }
}

/// Input objects sharing Authing's profile fields (`CreateUserInput`, `UpdateUserInput`,
/// `RegisterProfile`), with a conversion to the domain's profile.
macro_rules! profile_input {
    ($(#[$m:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$m])*
        #[derive(async_graphql::InputObject, Debug, Clone, Default)]
        pub struct $name {
            $($extra)*
            /// Nickname.
            pub nickname: Option<String>,
            /// Company.
            pub company: Option<String>,
            /// Avatar.
            pub photo: Option<String>,
            /// Device.
            pub device: Option<String>,
            /// Browser.
            pub browser: Option<String>,
            /// Name.
            pub name: Option<String>,
            /// Given name.
            pub given_name: Option<String>,
            /// Family name.
            pub family_name: Option<String>,
            /// Middle name.
            pub middle_name: Option<String>,
            /// Profile.
            pub profile: Option<String>,
            /// Preferred username.
            pub preferred_username: Option<String>,
            /// Website.
            pub website: Option<String>,
            /// Gender.
            pub gender: Option<String>,
            /// Birthdate.
            pub birthdate: Option<String>,
            /// Zone info.
            pub zoneinfo: Option<String>,
            /// Locale.
            pub locale: Option<String>,
            /// Address.
            pub address: Option<String>,
            /// Formatted.
            pub formatted: Option<String>,
            /// Street.
            pub street_address: Option<String>,
            /// Locality.
            pub locality: Option<String>,
            /// Region.
            pub region: Option<String>,
            /// Postal code.
            pub postal_code: Option<String>,
            /// Country.
            pub country: Option<String>,
        }

        impl $name {
            /// The profile fields, for the domain layer.
            pub(crate) fn profile_fields(&self) -> crate::domain::registration::Profile {
                crate::domain::registration::Profile {
                    nickname: self.nickname.clone(),
                    company: self.company.clone(),
                    photo: self.photo.clone(),
                    device: self.device.clone(),
                    browser: self.browser.clone(),
                    name: self.name.clone(),
                    given_name: self.given_name.clone(),
                    family_name: self.family_name.clone(),
                    middle_name: self.middle_name.clone(),
                    profile: self.profile.clone(),
                    preferred_username: self.preferred_username.clone(),
                    website: self.website.clone(),
                    gender: self.gender.clone(),
                    birthdate: self.birthdate.clone(),
                    zoneinfo: self.zoneinfo.clone(),
                    locale: self.locale.clone(),
                    address: self.address.clone(),
                    formatted: self.formatted.clone(),
                    street_address: self.street_address.clone(),
                    locality: self.locality.clone(),
                    region: self.region.clone(),
                    postal_code: self.postal_code.clone(),
                    country: self.country.clone(),
                }
            }
        }
    };
}
pub(crate) use profile_input;
