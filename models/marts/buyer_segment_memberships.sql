{#- One row per buyer and segment they belong to on the reference date, for every buyer
    segment family: the catalogue (the segment models listed below), the lifecycle stage,
    the RFM segment and the micro-segment.
    The catalogue's segment models, one `ref` per line in alphabetical order: add yours
    here (tests/marts/assert_every_segment_model_is_listed.sql names a model of
    models/marts/segments/ missing from this list). Each model's segment key, and whether
    it is per category or a family, come from its YAML (`meta.segment`). -#}
{%- set catalogue_segments = [
    ref('segment_affiliate_visitors'),
    ref('segment_app_buyers'),
    ref('segment_big_basket_buyers'),
    ref('segment_bought_180d_not_90d'),
    ref('segment_browsers'),
    ref('segment_cart_abandoners'),
    ref('segment_category_big_spenders'),
    ref('segment_category_repeat_buyers'),
    ref('segment_chat_then_purchase'),
    ref('segment_costly_to_serve'),
    ref('segment_coupon_lovers'),
    ref('segment_delivery'),
    ref('segment_discount_10'),
    ref('segment_discount_15'),
    ref('segment_discount_20_plus'),
    ref('segment_distant_buyers'),
    ref('segment_email_visitors'),
    ref('segment_favourites_users'),
    ref('segment_female_buyers'),
    ref('segment_frequent_buyers'),
    ref('segment_gift_buyers'),
    ref('segment_impulse_buyers'),
    ref('segment_local_buyers'),
    ref('segment_loyal_buyers'),
    ref('segment_male_buyers'),
    ref('segment_multi_purchase_180d'),
    ref('segment_multi_purchase_30d'),
    ref('segment_multi_purchase_365d'),
    ref('segment_newsletter_subscribers'),
    ref('segment_one_session_buyers'),
    ref('segment_payment'),
    ref('segment_professional_buyers'),
    ref('segment_purchased_180d'),
    ref('segment_purchased_30d'),
    ref('segment_purchased_365d'),
    ref('segment_quick_deciders'),
    ref('segment_recommendation_clickers_converted'),
    ref('segment_recommendation_clickers_no_purchase'),
    ref('segment_registered_visitors'),
    ref('segment_researchers'),
    ref('segment_search_no_purchase'),
    ref('segment_search_then_purchase'),
    ref('segment_top_monthly_buyers'),
    ref('segment_vip'),
    ref('segment_wishful_owners'),
]
%}
{#- the catalogue segments built on the predictions, when they are (predictions_enabled) -#}
{%- if predictions_enabled() %}
{%- do catalogue_segments.append(ref('segment_fading_buyers')) %}
{%- endif %}

with

reference as (
    select * from {{ ref('int_reference_date') }}
),

catalogue as (
    {%- for segment_relation in catalogue_segments %}
    {%- set segment = catalogue_segment(segment_relation) %}
    select
        buyer_id,
        {%- if segment.is_family %}
        {{ dbt.concat(["'" ~ segment.key ~ "_'", 'lower(variant)']) }} as segment_key,
        {%- else %}
        '{{ segment.key }}' as segment_key,
        {%- endif %}
        {%- if segment.is_per_category %}
        category,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as category,
        {%- endif %}
        '{{ segment.model }}' as segment_model
    from {{ segment_relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
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

select * from final
