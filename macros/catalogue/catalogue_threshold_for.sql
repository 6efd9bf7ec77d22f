{% macro catalogue_threshold_for(kpis, thresholds) -%}
    {#- The threshold of a segment_kpis row: its catalogue override (exact key, or the
        family's key followed by `_`), else the default row (null key). -#}
    coalesce(
        (
            select max(t.threshold) from {{ thresholds }} as t
            where
                {{ kpis }}.segment_family = 'catalogue'
                and (
                    t.segment_key = {{ kpis }}.segment_key
                    or (
                        t.is_family
                        and substr({{ kpis }}.segment_key, 1, {{ dbt.length('t.segment_key') }} + 1)
                        = {{ dbt.concat(['t.segment_key', "'_'"]) }}
                    )
                )
        ),
        (select max(t.threshold) from {{ thresholds }} as t where t.segment_key is null)
    )
{%- endmacro %}
