-- Reserved: filled by the work on this part of the schema.
SELECT 1;
