//! Typed GraphQL variables.
//!
//! Every operation the SDK sends has one variables struct, declared with
//! [`variables!`](crate::variables): its fields are named exactly like the document's
//! `$variables` (so `roleCodes`, not `role_codes`), and [`Variables::fields`] lists them
//! with their GraphQL types, derived from the Rust types through [`GqlType`]. Each
//! [`Operation`](crate::Operation) records its struct
//! ([`Operation::variables`](crate::Operation::variables)), and the workspace's
//! conformance test checks, for every operation, that the struct's fields are exactly
//! the document's variables with compatible types and nullability. A misspelled or
//! missing variable therefore fails `cargo test`, without a server.
//!
//! Input objects declared with [`input_object!`](crate::input_object) are described
//! field by field too ([`Variables::input_objects`]), so their keys are checked against
//! the schema's input type.

/// One variable (or input-object field): its name on the wire and its GraphQL type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VarField {
    /// The name, as sent (e.g. `roleCodes`).
    pub name: &'static str,
    /// The GraphQL type the Rust type stands for (e.g. `[String!]!`; no `!` for an
    /// `Option`).
    pub ty: String,
}

impl VarField {
    /// A field named `name` (see [`wire_name`]) of type `ty`.
    pub fn new(name: &'static str, ty: String) -> Self {
        Self {
            name: wire_name(name),
            ty,
        }
    }
}

/// The name sent for a field identifier: the identifier without the `r#` of a raw
/// identifier (`r#type` is sent as `type`).
pub fn wire_name(ident: &'static str) -> &'static str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// An input object type described field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputObject {
    /// The GraphQL input type's name.
    pub name: &'static str,
    /// Its fields, as sent.
    pub fields: Vec<VarField>,
}

/// A Rust type standing for a GraphQL input type.
///
/// Non-null by default (`String!`); `Option<T>` is nullable, `Vec<T>` and `[T]` are
/// lists, references are transparent.
pub trait GqlType {
    /// The GraphQL type reference, e.g. `String!` or `[String!]`.
    fn gql_type() -> String;

    /// Adds the input objects this type is or contains, field by field (nothing for
    /// scalars, enums, and input types described only by name).
    fn input_objects(_out: &mut Vec<InputObject>) {}
}

macro_rules! scalar {
    ($($t:ty => $name:literal),* $(,)?) => {$(
        impl GqlType for $t {
            fn gql_type() -> String {
                concat!($name, "!").to_owned()
            }
        }
    )*};
}

scalar!(str => "String", String => "String", bool => "Boolean", i32 => "Int", i64 => "Int");

impl<T: GqlType + ?Sized> GqlType for &T {
    fn gql_type() -> String {
        T::gql_type()
    }
    fn input_objects(out: &mut Vec<InputObject>) {
        T::input_objects(out)
    }
}

impl<T: GqlType> GqlType for Option<T> {
    fn gql_type() -> String {
        let t = T::gql_type();
        t.strip_suffix('!').map(str::to_owned).unwrap_or(t)
    }
    fn input_objects(out: &mut Vec<InputObject>) {
        T::input_objects(out)
    }
}

impl<T: GqlType> GqlType for [T] {
    fn gql_type() -> String {
        format!("[{}]!", T::gql_type())
    }
    fn input_objects(out: &mut Vec<InputObject>) {
        T::input_objects(out)
    }
}

impl<T: GqlType> GqlType for Vec<T> {
    fn gql_type() -> String {
        <[T]>::gql_type()
    }
    fn input_objects(out: &mut Vec<InputObject>) {
        T::input_objects(out)
    }
}

impl<T: GqlType, const N: usize> GqlType for [T; N] {
    fn gql_type() -> String {
        <[T]>::gql_type()
    }
    fn input_objects(out: &mut Vec<InputObject>) {
        T::input_objects(out)
    }
}

/// The variables of one GraphQL operation: serialized as the request's `variables`.
/// Declare implementations with [`variables!`](crate::variables).
pub trait Variables: serde::Serialize {
    /// The struct's name, recorded by the operation that sends it.
    const NAME: &'static str;

    /// The variables, as sent, with their GraphQL types.
    fn fields() -> Vec<VarField>;

    /// The input objects reachable from the variables, field by field.
    fn input_objects() -> Vec<InputObject>;
}

/// What an [`Operation`](crate::Operation) records about its variables struct.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct VariablesInfo {
    /// [`Variables::NAME`].
    pub name: &'static str,
    /// [`Variables::fields`].
    pub fields: fn() -> Vec<VarField>,
    /// [`Variables::input_objects`].
    pub input_objects: fn() -> Vec<InputObject>,
}

impl VariablesInfo {
    /// The description of `V`.
    pub const fn of<V: Variables>() -> Self {
        Self {
            name: V::NAME,
            fields: V::fields,
            input_objects: V::input_objects,
        }
    }
}

/// Declares the variables struct of an operation: one field per `$variable`, named
/// exactly as in the document (raw identifiers such as `r#type` for keywords). It
/// implements `Serialize` (not `Debug`: variables may carry a token or a password) and
/// implements [`Variables`]. `None` fields are left out of the request (the transport
/// removes `null` members).
///
/// ```
/// authing_core::variables! {
///     /// Variables of `deleteRoles`.
///     pub struct DeleteRolesVars<'a> {
///         codeList: &'a [String],
///         namespace: Option<&'a str>,
///     }
/// }
/// use authing_core::vars::Variables;
/// let names: Vec<_> = DeleteRolesVars::fields().into_iter().map(|f| (f.name, f.ty)).collect();
/// assert_eq!(names, [("codeList", "[String!]!".to_owned()), ("namespace", "String".to_owned())]);
/// ```
#[macro_export]
macro_rules! variables {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$lt:lifetime>)? {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[allow(non_snake_case)]
        $vis struct $name $(<$lt>)? {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
        }

        impl $(<$lt>)? $crate::__private::serde::Serialize for $name $(<$lt>)? {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use $crate::__private::serde::ser::SerializeStruct as _;
                #[allow(unused_mut)]
                let mut st = serializer
                    .serialize_struct(stringify!($name), 0 $(+ { let _ = stringify!($field); 1 })*)?;
                $( st.serialize_field($crate::vars::wire_name(stringify!($field)), &self.$field)?; )*
                st.end()
            }
        }

        impl $(<$lt>)? $crate::vars::Variables for $name $(<$lt>)? {
            const NAME: &'static str = stringify!($name);

            fn fields() -> ::std::vec::Vec<$crate::vars::VarField> {
                ::std::vec![$(
                    $crate::vars::VarField::new(
                        stringify!($field),
                        <$ty as $crate::vars::GqlType>::gql_type(),
                    )
                ),*]
            }

            #[allow(unused_mut)]
            fn input_objects() -> ::std::vec::Vec<$crate::vars::InputObject> {
                let mut out = ::std::vec::Vec::new();
                $( <$ty as $crate::vars::GqlType>::input_objects(&mut out); )*
                out
            }
        }
    };
}

/// Declares an input object sent inside variables (`$input: LoginByEmailInput!`):
/// fields named as in the schema, `Serialize` (not `Debug`), `None` fields left out,
/// and a [`GqlType`] that describes it field by field for the conformance test.
///
/// ```
/// authing_core::input_object! {
///     /// `LoginByEmailInput`.
///     pub struct LoginByEmailInput<'a> as "LoginByEmailInput" {
///         email: &'a str,
///         autoRegister: Option<bool>,
///     }
/// }
/// use authing_core::vars::GqlType;
/// assert_eq!(LoginByEmailInput::gql_type(), "LoginByEmailInput!");
/// ```
#[macro_export]
macro_rules! input_object {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$lt:lifetime>)? as $gql:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[allow(non_snake_case)]
        $vis struct $name $(<$lt>)? {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
        }

        impl $(<$lt>)? $crate::__private::serde::Serialize for $name $(<$lt>)? {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use $crate::__private::serde::ser::SerializeStruct as _;
                #[allow(unused_mut)]
                let mut st = serializer
                    .serialize_struct(stringify!($name), 0 $(+ { let _ = stringify!($field); 1 })*)?;
                $( st.serialize_field($crate::vars::wire_name(stringify!($field)), &self.$field)?; )*
                st.end()
            }
        }

        impl $(<$lt>)? $crate::vars::GqlType for $name $(<$lt>)? {
            fn gql_type() -> ::std::string::String {
                ::std::string::String::from(concat!($gql, "!"))
            }

            fn input_objects(out: &mut ::std::vec::Vec<$crate::vars::InputObject>) {
                out.push($crate::vars::InputObject {
                    name: $gql,
                    fields: ::std::vec![$(
                        $crate::vars::VarField::new(
                            stringify!($field),
                            <$ty as $crate::vars::GqlType>::gql_type(),
                        )
                    ),*],
                });
                $( <$ty as $crate::vars::GqlType>::input_objects(out); )*
            }
        }
    };
}

/// Implements [`GqlType`] for types that stand for a named GraphQL type (an enum, or
/// an input object described by name only).
#[macro_export]
#[doc(hidden)]
macro_rules! gql_named {
    ($($t:ty => $name:literal),* $(,)?) => {$(
        impl $crate::vars::GqlType for $t {
            fn gql_type() -> ::std::string::String {
                ::std::string::String::from(concat!($name, "!"))
            }
        }
    )*};
}

gql_named!(
    crate::models::UdfTargetType => "UDFTargetType",
    crate::models::UdfDataType => "UDFDataType",
);

variables! {
    /// The variables of an operation that declares none: sent as `{}`.
    pub struct NoVariables {}
}
