{#- Which build made the warehouse: the dbt invocation, when it started, the raw data it
    read and the vars it resolved. `marketseg publish` copies it into the serving file. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

raw_files as (
    {{ raw_files_summary() }}
),

final as (
    select
        '{{ invocation_id }}' as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
            as run_started_at,
        '{{ dbt_version }}' as dbt_version,
        '{{ dbt.escape_single_quotes(var("raw_path") | string) }}' as raw_path,
        {{ extracted_at() }} as extracted_at,
        reference.as_of_date,
        raw_files.raw_files_count,
        cast(raw_files.raw_bytes_total as {{ dbt.type_bigint() }}) as raw_bytes_total,
        raw_files.raw_fingerprint,
        '{{ dbt.escape_single_quotes(resolved_vars_json()) }}' as vars_json
    from reference
    cross join raw_files
)

select * from final
