-- A result says which way it is out of range -- Low, High, Critical low, Critical high, or
-- Abnormal for a text result that is not the reference text -- and keeps the range it was
-- judged against (the patient's range by sex and age, V040, or the parameter's general one),
-- so a later change of the catalog never changes what a report said. reference_note names
-- whom the range is for ("Women, 18 years and over"); empty for the general range.
-- is_abnormal stays, for readers that only need yes or no, and must agree with the flag.

ALTER TABLE santkrupa.test_result
  ADD COLUMN flag           text           NOT NULL DEFAULT 'normal',
  ADD COLUMN reference_low  numeric(12, 4),
  ADD COLUMN reference_high numeric(12, 4),
  ADD COLUMN reference_note text           NOT NULL DEFAULT '';

-- results entered before: their general range, and the side of it the value fell on
UPDATE santkrupa.test_result r
   SET reference_low  = p.normal_low,
       reference_high = p.normal_high,
       flag = CASE
                WHEN NOT r.is_abnormal THEN 'normal'
                WHEN r.value_numeric IS NULL THEN 'abnormal'
                WHEN r.value_numeric < p.normal_low THEN 'low'
                WHEN r.value_numeric > p.normal_high THEN 'high'
                ELSE 'abnormal'
              END
  FROM santkrupa.lab_test_parameter p
 WHERE p.clinic_id = r.clinic_id
   AND p.id = r.parameter_id;

ALTER TABLE santkrupa.test_result
  ADD CONSTRAINT test_result_flag_valid
    CHECK (flag IN ('normal', 'low', 'high', 'critical_low', 'critical_high', 'abnormal')),
  ADD CONSTRAINT test_result_flag_agrees CHECK (is_abnormal = (flag <> 'normal')),
  ADD CONSTRAINT test_result_reference_valid CHECK (reference_low <= reference_high);
