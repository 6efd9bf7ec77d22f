{#- The cut points the RFM scores used on the reference date: for each metric and score,
    the range of values and how many buyers got it. -#}
with

scores as (
    select * from {{ ref('int_buyer_rfm_scores') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

{%- set metrics = {'recency': ('r_score', 'recency_days'), 'frequency': ('f_score', 'orders_count'),
                   'monetary': ('m_score', 'monetary_total')} %}

cut_points as (
    {%- for metric, (score, column) in metrics.items() %}
    select
        '{{ metric }}' as rfm_metric,
        '{{ column }}' as metric_column,
        {{ score }} as score,
        min({{ column }}) as min_value,
        max({{ column }}) as max_value,
        count(*) as buyers_count
    from scores
    group by 1, 2, 3
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        cut_points.rfm_metric,
        cut_points.metric_column,
        cut_points.score,
        cast(cut_points.min_value as {{ type_double() }}) as min_value,
        cast(cut_points.max_value as {{ type_double() }}) as max_value,
        cut_points.buyers_count,
        reference.as_of_date
    from cut_points
    cross join reference
)

select * from final
