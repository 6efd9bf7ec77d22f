{#- One row per buyer and segment they belong to on the reference date, for every buyer
    segment family: the catalogue (every model of models/marts/segments/, found in dbt's
    graph), the lifecycle stage, the RFM segment and the micro-segment. -#}
{{ catalogue_declare_dependencies() }}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

catalogue as (
    {{ catalogue_memberships() }}
),

lifecycle as (
    select * from {{ ref('int_buyer_lifecycle_snapshots') }}
    where is_reference_date
),

rfm as (
    select * from {{ ref('int_buyer_rfm_scores') }}
    where rfm_segment is not null
),

micro_segments as (
    select * from {{ ref('int_buyer_micro_segments') }}
),

memberships as (
    select
        buyer_id,
        'catalogue' as segment_family,
        segment_key,
        category,
        segment_model
    from catalogue
    union all
    select
        buyer_id,
        'lifecycle_stage' as segment_family,
        lifecycle_stage as segment_key,
        cast(null as {{ dbt.type_string() }}) as category,
        'int_buyer_lifecycle_snapshots' as segment_model
    from lifecycle
    union all
    select
        buyer_id,
        'rfm_segment' as segment_family,
        rfm_segment as segment_key,
        cast(null as {{ dbt.type_string() }}) as category,
        'int_buyer_rfm_scores' as segment_model
    from rfm
    union all
    select
        buyer_id,
        'micro_segment' as segment_family,
        micro_segment_key as segment_key,
        cast(null as {{ dbt.type_string() }}) as category,
        'int_buyer_micro_segments' as segment_model
    from micro_segments
),

final as (
    select
        reference.as_of_date,
        memberships.segment_family,
        memberships.segment_key,
        memberships.category,
        memberships.buyer_id,
        memberships.segment_model
    from memberships
    cross join reference
)

select {{ contract_casts() }}
from final
