with

sellers as (
    select * from {{ ref('int_sellers_in_force') }}
),

classification as (
    select * from {{ ref('int_seller_classification') }}
),

activity as (
    select * from {{ ref('int_seller_activity') }}
),

quality as (
    select * from {{ ref('int_seller_quality') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

final as (
    select
        classification.seller_id,
        reference.as_of_date,
        sellers.seller_id is null as is_inferred,
        sellers.created_at,
        sellers.business_name,
        sellers.main_category,
        sellers.company_size,
        sellers.country_code,
        sellers.plan,
        activity.first_sale_at,
        activity.last_sale_at,
        cast(activity.days_since_last_sale as {{ dbt.type_int() }}) as days_since_last_sale,
        coalesce(activity.orders_count, 0) as orders_count,
        cast(coalesce(activity.items_count, 0) as {{ dbt.type_bigint() }}) as items_count,
        coalesce(activity.buyers_count, 0) as buyers_count,
        cast(coalesce(activity.gmv_total, 0) as decimal(18, 2)) as gmv_total,
        cast(coalesce(activity.commission_total, 0) as decimal(18, 2)) as commission_total,
        {%- for window in [30, 90, 365] %}
        cast(coalesce(activity.gmv_{{ window }}d, 0) as decimal(18, 2)) as gmv_{{ window }}d,
        cast(coalesce(activity.commission_{{ window }}d, 0) as decimal(18, 2)) as commission_{{ window }}d,
        coalesce(activity.orders_{{ window }}d, 0) as orders_{{ window }}d,
        {%- endfor %}
        cast(coalesce(activity.gmv_prior_90d, 0) as decimal(18, 2)) as gmv_prior_90d,
        activity.gmv_growth_90d,
        cast(activity.avg_order_value as decimal(18, 2)) as avg_order_value,
        activity.pct_buyers_returning,
        quality.pct_orders_cancelled,
        quality.pct_lines_returned,
        coalesce(quality.reviews_count, 0) as reviews_count,
        quality.avg_rating,
        cast(coalesce(quality.tickets_count, 0) as {{ dbt.type_bigint() }}) as tickets_count,
        {%- for topic in ticket_topics() %}
        quality.{{ topic }}_tickets_per_order,
        {%- endfor %}
        quality.support_need,
        classification.seller_tier,
        classification.seller_lifecycle,
        classification.r_score,
        classification.f_score,
        classification.m_score
    from classification
    cross join reference
    left join sellers
        on classification.seller_id = sellers.seller_id
    left join activity
        on classification.seller_id = activity.seller_id
    left join quality
        on classification.seller_id = quality.seller_id
)

select * from final
