//! Explanations of the instruction under the cursor, in English and Korean.
