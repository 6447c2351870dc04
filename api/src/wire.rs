//! The two declaration patterns the contract repeats: enums that travel as
//! fixed strings, and PATCH bodies whose every part is optional.

/// Declares an enum whose values travel as fixed strings, with its `ALL`,
/// `as_str` and `parse`, from one list of `Variant => "wire_name"`. Serde
/// renames each variant to that same string, so the JSON and every use of
/// `as_str` (URL segments, database text) agree, and `ALL` cannot miss a
/// value.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every value, in the order they are declared.
            pub const ALL: [$name; [$($name::$variant),+].len()] = [$($name::$variant),+];

            /// The wire name, as serde writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// The value with this wire name, if any (case-sensitive).
            pub fn parse(raw: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|value| value.as_str() == raw)
            }
        }
    };
}

/// Declares the body of a PATCH request: every field is an `Option`, absent
/// from the JSON when `None`, so a request names only the parts it changes
/// and `Default` is the patch that changes nothing.
macro_rules! patch_body {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: Option<$ty:ty>, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )+
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::access::Role;
    use crate::catalog::{Channel, Platform, Side};
    use crate::channels::{RunOutcome, Schedule};
    use crate::help::CommentOrder;
    use crate::result::{Category, StepStatus};
    use serde::{de::DeserializeOwned, Serialize};
    use std::fmt::Debug;

    /// Each value's wire name parses back to it and is what serde writes
    /// and reads; other spellings parse to nothing.
    fn round_trips<T>(all: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: Copy + PartialEq + Debug + Serialize + DeserializeOwned,
    {
        for &value in all {
            let name = as_str(value);
            assert_eq!(parse(name), Some(value));
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
            assert_eq!(parse(&name.to_uppercase()), None);
        }
        assert_eq!(parse(""), None);
    }

    #[test]
    fn every_wire_enum_round_trips_through_its_names() {
        round_trips(&Side::ALL, Side::as_str, Side::parse);
        round_trips(&Platform::ALL, Platform::as_str, Platform::parse);
        round_trips(&Channel::ALL, Channel::as_str, Channel::parse);
        round_trips(&Role::ALL, Role::as_str, Role::parse);
        round_trips(&Schedule::ALL, Schedule::as_str, Schedule::parse);
        round_trips(&RunOutcome::ALL, RunOutcome::as_str, RunOutcome::parse);
        round_trips(&Category::ALL, Category::as_str, Category::parse);
        round_trips(&StepStatus::ALL, StepStatus::as_str, StepStatus::parse);
        round_trips(
            &CommentOrder::ALL,
            CommentOrder::as_str,
            CommentOrder::parse,
        );
    }
}
