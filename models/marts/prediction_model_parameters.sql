{#- The prediction models' fitted parameters and fit diagnostics (issue #16): one row per
    model and parameter. BG/NBD's alpha is per day: the papers' weekly alpha is alpha / 7. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

fits as (
    select * from {{ ref('int_prediction_fits') }}
),

final as (
    select
        fits.model,
        fits.parameter,
        reference.as_of_date,
        fits.value,
        fits.fit_status,
        fits.log_likelihood,
        cast(fits.buyers as {{ dbt.type_bigint() }}) as buyers_count,
        'pymc-marketing map, flat priors, days' as fit_method
    from fits
    cross join reference
)

select * from final
