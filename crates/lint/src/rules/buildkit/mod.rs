//! BuildKit's build checks that hadolint does not have (a check that hadolint also has lives
//! with the hadolint rule and declares both names). One file per check, named after it in
//! snake case; keep both lists sorted. `support` holds what several checks share.

use crate::rule::Rule;

mod consistent_instruction_casing;
mod copy_ignored_file;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod from_platform_flag_const_disallowed;
mod invalid_base_image_platform;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod legacy_key_value_format;
mod no_empty_continuation;
mod redundant_target_platform;
mod reserved_stage_name;
mod stage_name_casing;
mod support;
mod undefined_arg_in_from;
mod undefined_var;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    consistent_instruction_casing::RULE,
    copy_ignored_file::RULE,
    expose_invalid_format::RULE,
    expose_proto_casing::RULE,
    from_as_casing::RULE,
    from_platform_flag_const_disallowed::RULE,
    invalid_base_image_platform::RULE,
    invalid_default_arg_in_from::RULE,
    invalid_definition_description::RULE,
    legacy_key_value_format::RULE,
    no_empty_continuation::RULE,
    redundant_target_platform::RULE,
    reserved_stage_name::RULE,
    stage_name_casing::RULE,
    undefined_arg_in_from::RULE,
    undefined_var::RULE,
];
